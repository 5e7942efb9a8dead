import os, sys, cProfile, pstats, time
os.environ["DATABASE_URL"]=sys.argv[1]; os.environ["CELERY_BROKER_URL"]=""; os.environ["DATABASE_CONN_MAX_AGE"]="600"
sys.argv=[sys.argv[0]]
import bench.run
from django.test import Client
c=Client()
c.get("/timeline/",{"issue":"territory"})
t=time.perf_counter()
for i in range(10): c.get("/timeline/",{"issue":"territory"})
print("plain ms", (time.perf_counter()-t)*100)
pr=cProfile.Profile(); pr.enable()
for i in range(5): c.get("/timeline/",{"issue":"territory"})
pr.disable()
st=pstats.Stats(pr); st.sort_stats("cumulative").print_stats("timeline/timeline|filters.py|django_filters|psycopg/cursor.py.*execute|middleware", 30)
