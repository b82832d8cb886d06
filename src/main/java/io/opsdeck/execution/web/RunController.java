package io.opsdeck.execution.web;

import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.internal.RunService;
import io.opsdeck.execution.internal.ansible.PlaybookCatalog;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Run pages: the list, the "New run" form and the run page with its live output.
 */
@Controller
class RunController {

	static final String LIST = "execution/list";

	static final String NEW = "execution/new";

	static final String DETAIL = "execution/detail";

	private final RunService runs;

	private final Inventory inventory;

	private final PlaybookCatalog playbooks;

	RunController(RunService runs, Inventory inventory, PlaybookCatalog playbooks) {
		this.runs = runs;
		this.inventory = inventory;
		this.playbooks = playbooks;
	}

	@GetMapping("/runs")
	@PreAuthorize("hasRole('VIEWER')")
	String list(@RequestParam(required = false) RunStatus status, @RequestParam(required = false) RunKind kind,
			@RequestParam(required = false) String environment, @RequestParam(defaultValue = "0") int page,
			Model model) {
		String env = (environment == null || environment.isBlank()) ? null : environment;
		Page<RunSummary> result = runs.list(new RunService.RunFilter(status, kind, env), PageRequest.of(Math.max(page, 0), 50,
				Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"))));
		model.addAttribute("runs", result);
		model.addAttribute("status", status);
		model.addAttribute("kind", kind);
		model.addAttribute("environment", env);
		model.addAttribute("statuses", RunStatus.values());
		model.addAttribute("environments", inventory.environments());
		return LIST;
	}

	@GetMapping("/runs/new")
	@PreAuthorize("@environmentRoles.inAny('OPERATOR')")
	String newRun(@RequestParam(defaultValue = "ansible") String kind,
			@RequestParam(required = false) String environment, Model model) {
		RunForm form = RunForm.empty("ssh".equals(kind) ? "ssh" : "ansible");
		if (environment != null) {
			form = new RunForm(form.kind(), form.command(), form.servers(), null, form.playbook(), environment, "", "",
					"", false, null);
		}
		return showForm(form, model);
	}

	/**
	 * Starts a run; input that cannot be bound (letters in a number field) or that the launch refuses re-renders
	 * the form as sent with the message beside its field.
	 */
	@PostMapping("/runs")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.BODY)
	String start(@ModelAttribute("form") RunForm form, BindingResult result, Model model) {
		if (!result.hasErrors()) {
			try {
				UUID id = runs.launch(form.toRunRequest(), Actors.current());
				return "redirect:/runs/" + id;
			}
			catch (InvalidInputException ex) {
				FormErrors.reject(result, ex, null);
			}
		}
		return showForm(FormErrors.keep(RunForm.class, form, result, model), model);
	}

	private String showForm(RunForm form, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", form);
		}
		model.addAttribute("servers", inventory.allServers());
		model.addAttribute("environments", inventory.environments());
		model.addAttribute("playbooks", playbooks.list());
		return NEW;
	}

	@GetMapping("/runs/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	String detail(@PathVariable UUID id, Model model) {
		model.addAttribute("run", RunView.of(runs.get(id), null));
		return DETAIL;
	}

	@PostMapping("/runs/{id}/cancel")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "run")
	String cancel(@PathVariable UUID id, RedirectAttributes redirect) {
		try {
			runs.cancel(id, Actors.current());
			redirect.addFlashAttribute("flash", "Cancel requested.");
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("flashError", ex.getMessage());
		}
		return "redirect:/runs/" + id;
	}

}
