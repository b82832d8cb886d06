"""Splits the request threads' (http-nio-*) samples of an async-profiler collapsed profile by phase: each sample goes
to the innermost frame that one of RULES names (round 11: docs/benchmarks.md, "6. API, eleventh round").
Usage: phases.py <profile.collapsed> [requests]   (with requests: samples per 1,000 requests too)"""
import collections, re, sys

RULES = [  # first match from the innermost frame outwards
    ("pgjdbc: socket reads", r"org/postgresql/core/(VisibleBufferedInputStream|PGStream)"),
    ("pgjdbc: getters", r"org/postgresql/jdbc/PgResultSet"),
    ("pgjdbc: other (send, decode)", r"org/postgresql"),
    ("Hikari", r"com/zaxxer/hikari"),
    ("row mapping", r"RunList\.summary|RunMapping"),
    ("JdbcTemplate/JdbcClient", r"springframework/jdbc"),
    ("JSON (Jackson, our serializers)", r"tools/jackson|RunSummarySerializer|IsoInstantSerializer"),
    ("message converter selection", r"writeWithMessageConverters"),
    ("controller/service", r"RunApiController\.list|RunService"),
    ("method validation", r"MethodValidationInterceptor"),
    ("method security", r"AuthorizationManagerBeforeMethodInterceptor"),
    ("AOP", r"springframework/aop"),
    ("MVC argument resolution", r"InvocableHandlerMethod.getMethodArgumentValues"),
    ("MVC handler mapping", r"getHandler|HandlerMapping"),
    ("MVC other", r"DispatcherServlet|FrameworkServlet"),
    ("bearer authentication", r"TokenAuthenticator|AuthenticationFilter"),
    ("Spring Security other", r"springframework/security"),
    ("http.server.requests observation", r"ServerHttpObservationFilter|micrometer"),
    ("Opsdeck filters/interceptors", r"io/opsdeck"),
    ("Spring web filters", r"springframework/web/filter"),
    ("Tomcat (connector, filter chain, socket write)", r"org/apache"),
]


def phases(path):
    counts, examples = collections.Counter(), collections.defaultdict(collections.Counter)
    for line in open(path):
        stack, n = line.rstrip().rsplit(" ", 1)
        frames = stack.split(";")
        if "http-nio" not in frames[0] or "Poller" in frames[0]:
            continue
        name = "other"
        for frame in reversed(frames):
            name = next((rule for rule, pattern in RULES if re.search(pattern, frame)), None)
            if name:
                break
        name = name or "other"
        counts[name] += int(n)
        examples[name][frames[-1][:80]] += int(n)
    return counts, examples


if __name__ == "__main__":
    counts, examples = phases(sys.argv[1])
    total = sum(counts.values())
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print(f"{total} request-thread samples")
    for name, n in counts.most_common():
        per = f" {1000 * n / requests:6.1f}/kreq" if requests else ""
        top = "; ".join(f"{frame} {k}" for frame, k in examples[name].most_common(2))
        print(f"{100 * n / total:5.1f}%{per}  {name}   ({top})")
