import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ReflectiveMethodInvocation;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** CPU nanoseconds per @PreAuthorize("hasRole('VIEWER')") decision, Spring Security 7.0.6 as Opsdeck configures it. */
public class PreAuthCost {
	static class Target { @PreAuthorize("hasRole('VIEWER')") public void list() {} }
	public static void main(String[] args) throws Exception {
		var hierarchy = RoleHierarchyImpl.withDefaultRolePrefix().role("ADMIN").implies("OPERATOR").role("OPERATOR").implies("VIEWER").build();
		var handler = new DefaultMethodSecurityExpressionHandler();
		handler.setRoleHierarchy(hierarchy);
		var manager = new PreAuthorizeAuthorizationManager();
		manager.setExpressionHandler(handler);
		Target target = new Target();
		Method m = Target.class.getMethod("list");
		MethodInvocation mi = new ReflectiveMethodInvocation(null, target, m, new Object[0], Target.class, List.of()) {};
		Authentication auth = UsernamePasswordAuthenticationToken.authenticated("ci", null, List.of(new SimpleGrantedAuthority("ROLE_OPERATOR")));
		Supplier<Authentication> s = () -> auth;
		var bean = ManagementFactory.getThreadMXBean();
		int n = 200_000; long sink = 0;
		for (int round = 0; round < 8; round++) {
			long c0 = bean.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) { if (manager.authorize(s, mi).isGranted()) sink++; }
			long c1 = bean.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) { if (direct(auth, hierarchy)) sink++; }
			long c2 = bean.getCurrentThreadCpuTime();
			System.out.printf("round %d: @PreAuthorize %.2f us CPU per decision; direct hierarchy check %.2f us%n", round, (c1 - c0) / 1000.0 / n, (c2 - c1) / 1000.0 / n);
		}
		System.out.println(sink);
	}
	static boolean direct(Authentication a, org.springframework.security.access.hierarchicalroles.RoleHierarchy h) {
		for (var g : h.getReachableGrantedAuthorities(a.getAuthorities())) if ("ROLE_VIEWER".equals(g.getAuthority())) return true;
		return false;
	}
}
