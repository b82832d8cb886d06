package io.opsdeck.approvals.web;

import java.util.List;
import java.util.UUID;

import io.opsdeck.approvals.internal.ApprovalPolicies;
import io.opsdeck.approvals.internal.ApprovalPolicy;
import io.opsdeck.approvals.internal.ApprovalRequest;
import io.opsdeck.approvals.internal.ApprovalService;
import io.opsdeck.approvals.internal.ApprovalStatus;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
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
 * The approvals page {@code /approvals}: pending requests first (approve / reject for an eligible admin), the
 * history, and each environment's policy (editable by its admins). A launch page that got "waiting for approval"
 * lands here with {@code ?requested={id}}. A refused reject reason comes back in its row ({@link RejectForm}).
 */
@Controller
class ApprovalsController {

	static final String PAGE = "approvals/index";

	private final ApprovalService approvals;

	private final ApprovalPolicies policies;

	ApprovalsController(ApprovalService approvals, ApprovalPolicies policies) {
		this.approvals = approvals;
		this.policies = policies;
	}

	/**
	 * A request on the page.
	 *
	 * @param request the request
	 * @param mayDecide whether the viewer may approve or reject it
	 * @param own whether the viewer asked for it (and so may withdraw it while it is pending)
	 */
	record Row(ApprovalRequest request, boolean mayDecide, boolean own) {
	}

	/**
	 * A policy on the page.
	 *
	 * @param policy the policy
	 * @param editable whether the viewer is an ADMIN of its environment
	 */
	record PolicyRow(ApprovalPolicy policy, boolean editable) {
	}

	@GetMapping("/approvals")
	@PreAuthorize("hasRole('VIEWER')")
	String page(@RequestParam(required = false) @Nullable UUID requested,
			@RequestParam(required = false) @Nullable String environment, Model model) {
		Actor actor = Actors.current();
		String person = Actors.currentPerson().orElse(null);
		String only = (environment == null || environment.isBlank()) ? null : environment;
		List<Row> rows = approvals.list(null, only, actor)
			.stream()
			.map(r -> new Row(r, approvals.mayDecide(r, actor, person), r.requesterUser().equals(person)))
			.toList();
		model.addAttribute("pending", rows.stream().filter(r -> r.request().status() == ApprovalStatus.PENDING).toList());
		model.addAttribute("history", rows.stream().filter(r -> r.request().status() != ApprovalStatus.PENDING).toList());
		model.addAttribute("policies", policies.policies()
			.stream()
			.filter(p -> actor.roleIn(p.environment()).isPresent())
			.filter(p -> only == null || p.environment().equals(only))
			.map(p -> new PolicyRow(p, actor.can(Role.ADMIN, p.environment())))
			.toList());
		if (requested != null) {
			rows.stream().filter(r -> r.request().id().equals(requested)).findFirst()
				.ifPresent(r -> model.addAttribute("requested", r.request()));
		}
		model.addAttribute("environment", only);
		model.addAttribute("utc", java.time.ZoneOffset.UTC);
		return PAGE;
	}

	@PostMapping("/approvals/{id}/approve")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "approval", variable = "id")
	String approve(@PathVariable UUID id, RedirectAttributes redirect) {
		try {
			ApprovalRequest request = approvals.approve(id, Actors.current(), Actors.currentPerson().orElse(null));
			if (request.status() == ApprovalStatus.FAILED) {
				redirect.addFlashAttribute("flashError", "Approved, but " + request.reason());
			}
			else if (request.runId() != null) {
				return "redirect:/runs/" + request.runId();
			}
			else {
				redirect.addFlashAttribute("flash", "Approved and launched: " + request.result());
			}
		}
		catch (AccessDeniedException | ConflictException | NotFoundException ex) {
			redirect.addFlashAttribute("flashError", "Not approved: " + ex.getMessage());
		}
		return "redirect:/approvals";
	}

	/**
	 * Rejects a pending request; a refused reason comes back in the request's row, as typed, with the message under
	 * it. A request decided meanwhile (409) or gone (404) has no form left: a flash message says so.
	 */
	@PostMapping("/approvals/{id}/reject")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "approval", variable = "id")
	String reject(@PathVariable UUID id, @ModelAttribute("rowForm") RejectForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		try {
			ApprovalRequest request = approvals.reject(id, Actors.current(), Actors.currentPerson().orElse(null),
					form.reason());
			redirect.addFlashAttribute("flash", "Rejected: " + request.summary());
		}
		catch (InvalidInputException ex) {
			FormErrors.reject(result, ex, null);
			model.addAttribute("failedRow", id.toString());
			return page(null, null, model);
		}
		catch (AccessDeniedException | ConflictException | NotFoundException ex) {
			redirect.addFlashAttribute("flashError", "Not rejected: " + ex.getMessage());
		}
		return "redirect:/approvals";
	}

	/** Withdraws the viewer's own pending request; a refusal (not theirs, decided meanwhile, gone) is a flash. */
	@PostMapping("/approvals/{id}/withdraw")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "approval", variable = "id")
	String withdraw(@PathVariable UUID id, RedirectAttributes redirect) {
		try {
			ApprovalRequest request = approvals.withdraw(id, Actors.current(), Actors.currentPerson().orElse(null));
			redirect.addFlashAttribute("flash", "Withdrawn: " + request.summary());
		}
		catch (AccessDeniedException | ConflictException | NotFoundException ex) {
			redirect.addFlashAttribute("flashError", "Not withdrawn: " + ex.getMessage());
		}
		return "redirect:/approvals";
	}

	@PostMapping("/approvals/policy/{name}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String savePolicy(@PathVariable String name, @RequestParam(defaultValue = "false") boolean approvalRequired,
			RedirectAttributes redirect) {
		try {
			policies.savePolicy(name, approvalRequired, Actors.current());
			redirect.addFlashAttribute("flash", "Environment '" + name + "' " + (approvalRequired
					? "now requires a second admin's approval for drills, updates, provisioning and backup cleanup"
					: "no longer requires approvals"));
		}
		catch (AccessDeniedException | NotFoundException ex) {
			redirect.addFlashAttribute("flashError", "Not saved: " + ex.getMessage());
		}
		return "redirect:/approvals";
	}

}
