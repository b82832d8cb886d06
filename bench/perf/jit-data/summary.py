import json, sys, statistics as st
from collections import defaultdict
res = json.load(open(sys.argv[1]))
by = defaultdict(list)
for r in res:
    by[' '.join(r['opts']) or 'default'].append(r)
for v, rs in by.items():
    print(f"== {v}: {len(rs)} runs")
    for r in rs:
        w = r['windows']
        req = [x['rps'] * 10 for x in w]
        ms = [x['jvm'] * 1000 / max(1, x['rps'] * 10) for x in w]
        print(f"  {r['label']} ready {r['ready_s']:.1f}s cpu {r['ready_cpu']:.1f}s rss {r.get('ready_rss_mb',0):.0f}/{r.get('end_rss_mb',0):.0f}MB"
              f" | req 0-60s {sum(req[:6]):.0f} 60-120s {sum(req[6:12]):.0f} {'120-180s %.0f' % sum(req[12:18]) if len(req) > 12 else ''}"
              f" | C2 {r['c2_total']:.1f}s C1 {r['c1_total']:.1f}s JVM {r['jvm_total']:.1f}s (C2 share {r['c2_total']/r['jvm_total']:.0%})"
              f" | load {st.mean(x['load'] for x in w):.1f}")
        print("     rps  " + " ".join(f"{x['rps']:5.0f}" for x in w))
        print("     ms/r " + " ".join(f"{m:5.2f}" for m in ms))
        print("     C2   " + " ".join(f"{x['groups']['C2'][0]:5.2f}" for x in w))
print()
print("variant | run | load | ready wall s | CPU to ready s | RSS ready MB | req 0-60 s | req 60-120 s | first window with JVM <= 0.6 ms/req (cum. JVM CPU s to it)")
for v, rs in by.items():
    for r in rs:
        w = r['windows']
        req = [x['rps'] * 10 for x in w]
        cum = 0; hit = None
        for i, x in enumerate(w):
            cum += x['jvm']
            if x['jvm'] * 1000 / max(1, x['rps'] * 10) <= 0.6:
                hit = f"{(i+1)*10:.0f} s ({cum:.0f} s)"; break
        print(f"{v} | {r['label']} | {st.mean(x['load'] for x in w):.1f} | {r['ready_s']:.0f} | {r['ready_cpu']:.1f} | {r.get('ready_rss_mb',0):.0f} | {sum(req[:6]):,.0f} | {sum(req[6:12]):,.0f} | {hit or 'not in 120 s'}")
