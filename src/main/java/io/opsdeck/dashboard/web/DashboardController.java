package io.opsdeck.dashboard.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsdeck.drills.Drills;
import io.opsdeck.health.HealthCheck;
import io.opsdeck.health.HealthChecks;
import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.Runs;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /}: every environment with its servers, a "Run health check" button (seed: Health Checks) and its DR drill
 * freshness (overdue after 92 days without a successful drill: seed, DR Drill Schedule), the health grid in small
 * (server × check) and the latest runs.
 */
@Controller
class DashboardController {

	static final String VIEW = "dashboard/index";

	private final Inventory inventory;

	private final Runs runs;

	private final Drills drills;

	private final HealthChecks health;

	DashboardController(Inventory inventory, Runs runs, Drills drills, HealthChecks health) {
		this.inventory = inventory;
		this.runs = runs;
		this.drills = drills;
		this.health = health;
	}

	@GetMapping("/")
	@PreAuthorize("hasRole('VIEWER')")
	String index(Model model) {
		List<EnvironmentSummary> environments = inventory.environments();
		Map<String, List<ServerTarget>> servers = inventory.allServers()
			.stream()
			.collect(Collectors.groupingBy(ServerTarget::environment));
		List<RunSummary> recent = runs.recent(15);
		Map<String, RunSummary> lastRun = recent.stream()
			.filter(run -> run.environment() != null)
			.collect(Collectors.toMap(RunSummary::environment, Function.identity(), (newer, older) -> newer));
		model.addAttribute("environments", environments);
		model.addAttribute("servers", servers);
		model.addAttribute("lastRun", lastRun);
		model.addAttribute("recent", recent);
		Map<String, java.time.Instant> lastDrill = new java.util.HashMap<>();
		environments.forEach(e -> drills.lastSuccess(e.name()).ifPresent(t -> lastDrill.put(e.name(), t)));
		model.addAttribute("lastDrill", lastDrill);
		model.addAttribute("overdue", environments.stream().map(EnvironmentSummary::name).filter(drills::overdue)
			.collect(Collectors.toSet()));
		model.addAttribute("healthRows", health.grid(null));
		model.addAttribute("healthChecks", Arrays.stream(HealthCheck.values()).map(HealthCheck::value).toList());
		return VIEW;
	}

}
