"""DRF authtoken keys were stored in clear: each becomes a hashed read token that keeps
working with the same `Authorization: Token <key>` header, and the clear key is deleted."""

from django.db import migrations
from knox.crypto import hash_token
from knox.settings import CONSTANTS


def hash_drf_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("apitokens", "ApiToken")
    ApiToken.objects.bulk_create(
        ApiToken(
            digest=hash_token(token.key),
            token_key=token.key[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=token.user_id,
            name="DRF token (migrated)",
            scope="read",
        )
        for token in Token.objects.all()
    )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("apitokens", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(hash_drf_tokens, migrations.RunPython.noop)]
