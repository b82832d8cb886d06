import java.lang.management.ManagementFactory;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.FilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/** CPU microseconds per request of ServerHttpObservationFilter recording http.server.requests into a Prometheus registry (no long-task timer, as Opsdeck configures it), against the same chain without the filter. Mock request/response objects are made in both loops. */
public class ObsCost {
	public static void main(String[] args) throws Exception {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry,
				DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
		ServerHttpObservationFilter filter = new ServerHttpObservationFilter(observations);
		FilterChain chain = (req, res) -> ServerHttpObservationFilter.findObservationContext((jakarta.servlet.http.HttpServletRequest) req).ifPresent(c -> c.setPathPattern("/api/v1/runs"));
		var bean = ManagementFactory.getThreadMXBean();
		int n = 100_000;
		for (int round = 0; round < 8; round++) {
			long c0 = bean.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) { filter.doFilter(request(), new MockHttpServletResponse(), chain); }
			long c1 = bean.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) { chain.doFilter(request(), new MockHttpServletResponse()); }
			long c2 = bean.getCurrentThreadCpuTime();
			System.out.printf("round %d: with the observation %.2f us CPU per request; without %.2f us%n", round, (c1 - c0) / 1000.0 / n, (c2 - c1) / 1000.0 / n);
		}
		System.out.println(registry.scrape().lines().filter(l -> l.startsWith("http_server_requests_seconds_count")).toList());
	}
	static MockHttpServletRequest request() {
		MockHttpServletRequest r = new MockHttpServletRequest("GET", "/api/v1/runs");
		return r;
	}
}
