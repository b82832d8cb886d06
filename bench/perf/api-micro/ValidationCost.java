import java.lang.management.ManagementFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.validation.beanvalidation.MethodValidationInterceptor;

/** CPU microseconds per call of a @Validated controller-like method with @Min/@Max int parameters (MethodValidationInterceptor + Hibernate Validator), against the same call on the plain object. */
public class ValidationCost {
	@Validated
	public static class Api {
		public Object list(String status, String kind, String environment, @Min(0) int page, @Min(1) @Max(200) int size) { return status; }
	}
	public static void main(String[] args) {
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		ProxyFactory pf = new ProxyFactory(new Api());
		pf.setProxyTargetClass(true);
		pf.addAdvice(new MethodValidationInterceptor((jakarta.validation.Validator) validator));
		Api proxied = (Api) pf.getProxy();
		Api plain = new Api();
		var bean = ManagementFactory.getThreadMXBean();
		int n = 100_000; long sink = 0;
		for (int round = 0; round < 8; round++) {
			long c0 = bean.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) { if (proxied.list(null, null, null, 0, 50) == null) sink++; }
			long c1 = bean.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) { if (plain.list(null, null, null, 0, 50) == null) sink++; }
			long c2 = bean.getCurrentThreadCpuTime();
			System.out.printf("round %d: proxied + validated %.2f us CPU per call; plain %.3f us%n", round, (c1 - c0) / 1000.0 / n, (c2 - c1) / 1000.0 / n);
		}
		System.out.println(sink);
	}
}
