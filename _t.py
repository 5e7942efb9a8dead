import os, sys, time
os.environ["DATABASE_URL"]=sys.argv[1]; os.environ["CELERY_BROKER_URL"]=""; os.environ["DATABASE_CONN_MAX_AGE"]="600"
sys.argv=[sys.argv[0]]
import bench.run
from django.test import Client
import timeline.views as v
from django.db import connection
c=Client()
c.get("/timeline/",{"issue":"territory"})
orig=v.render
acc={"render":0.0,"sql":0.0}
def timed(*a,**k):
    t=time.perf_counter(); r=orig(*a,**k); acc["render"]+=time.perf_counter()-t; return r
v.render=timed
def wrap(execute, sql, params, many, context):
    t=time.perf_counter()
    try: return execute(sql, params, many, context)
    finally: acc["sql"]+=time.perf_counter()-t
N=20
with connection.execute_wrapper(wrap):
    t=time.perf_counter()
    for i in range(N): c.get("/timeline/",{"issue":"territory"})
    tot=(time.perf_counter()-t)/N
print("total ms %.1f render ms %.1f sql ms %.1f" % (tot*1000, acc["render"]/N*1000, acc["sql"]/N*1000))
