"""Counts G1's pauses in a window of a `-Xlog:gc...:utctime,level,tags` log (as tail_probe.py writes them): young
pauses, concurrent starts, Remark pauses (count and ms), mixed pauses, and the median heap after a young pause and
capacity (MB). Round 15 of issue 8, helper j25 (docs/benchmarks.md, "6. API and 7. Start-up, fifteenth round").

    python3 cycles.py GC.log HH:MM:SS HH:MM:SS
"""
import re,sys
from datetime import datetime
def t(s): return datetime.strptime(s,"%Y-%m-%dT%H:%M:%S.%f%z")
f,a,b=sys.argv[1],sys.argv[2],sys.argv[3]
day=None
young=cs=rem=mixed=0; rem_ms=0; young_ms=0; caps=[]; olds=[]
for l in open(f,errors='replace'):
    m=re.match(r"\[(\S+?)\]\[\w+\s*\]\[gc\s*\] GC\(\d+\) (Pause .*?) (\d+)M->(\d+)M\((\d+)M\) (\d+\.\d+)ms",l)
    if not m: continue
    ts=m.group(1); hhmmss=ts[11:19]
    if not (a<=hhmmss<=b): continue
    kind=m.group(2); ms=float(m.group(6))
    if kind.startswith("Pause Young"):
        young+=1; young_ms+=ms; caps.append(int(m.group(5))); olds.append(int(m.group(4)))
        if "Concurrent Start" in kind: cs+=1
        if "Mixed)" in kind: mixed+=1
    if kind.startswith("Pause Remark"): rem+=1; rem_ms+=ms
caps.sort(); olds.sort()
print(f"{f.split('/')[-1]} {a}-{b}: young {young} ({young_ms:.0f} ms), concurrent starts {cs}, remarks {rem} ({rem_ms:.0f} ms), mixed {mixed}, heap after young median {olds[len(olds)//2] if olds else 0}M of capacity median {caps[len(caps)//2] if caps else 0}M")
