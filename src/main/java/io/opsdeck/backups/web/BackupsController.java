package io.opsdeck.backups.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.opsdeck.backups.BackupCleanup;
import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.internal.BackupLauncher;
import io.opsdeck.backups.internal.BackupService;
import io.opsdeck.backups.internal.BackupStorageService;
import io.opsdeck.backups.internal.StorageDetails;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.StaleVersionException;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The backups page of an environment: storage settings (the secret is write-only: never written into the page),
 * "Test connection", the backups with age, size and verification, the current RPO, "Back up now", which opens
 * the run page, "Verify newest" (the result is shown on the page) and retention clean-up (a preview first, then a
 * confirmed delete).
 */
@Controller
@RequestMapping("/environments/{name}/backups")
class BackupsController {

	static final String PAGE = "backups/index";

	private final BackupStorageService storage;

	private final BackupService backups;

	private final BackupLauncher launcher;

	BackupsController(BackupStorageService storage, BackupService backups, BackupLauncher launcher) {
		this.storage = storage;
		this.backups = backups;
		this.launcher = launcher;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String page(@PathVariable String name, Model model) {
		Optional<StorageDetails> details = storage.find(name);
		model.addAttribute("form", details.map(BackupsController::form)
			.orElse(new BackupStorageRequest("s3", null, "us-east-1", null, null, false, null, null)));
		model.addAttribute(ExpectedVersion.FORM_FIELD, details.map(StorageDetails::version).orElse(null));
		return render(name, details, model);
	}

	@PostMapping("/storage")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String save(@PathVariable String name, @Valid @ModelAttribute("form") BackupStorageRequest form,
			BindingResult result,
			@RequestParam(name = ExpectedVersion.FORM_FIELD, required = false) @Nullable String version, Model model,
			RedirectAttributes redirect) {
		model.addAttribute(ExpectedVersion.FORM_FIELD, version);
		if (!result.hasErrors()) {
			try {
				storage.save(name, form.toUpdate(), ExpectedVersion.ofForm(version));
				redirect.addFlashAttribute("flash", "Saved the backup storage of '" + name + "'.");
				return "redirect:/environments/" + name + "/backups";
			}
			catch (InvalidInputException ex) {
				FormErrors.reject(result, ex, null);
			}
			catch (StaleVersionException ex) {
				FormErrors.stale(result, model, ex);
			}
		}
		return render(name, storage.find(name), model);
	}

	@PostMapping("/storage/delete")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String delete(@PathVariable String name, RedirectAttributes redirect) {
		storage.delete(name);
		redirect.addFlashAttribute("flash", "Removed the backup storage settings of '" + name
				+ "'. The backups in the bucket are untouched.");
		return "redirect:/environments/" + name + "/backups";
	}

	@PostMapping("/storage/test")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String test(@PathVariable String name, RedirectAttributes redirect) {
		try {
			int seen = backups.test(name);
			redirect.addFlashAttribute("flash", "Connection works: " + seen + " object" + ((seen == 1) ? "" : "s")
					+ " seen under the prefix" + ((seen == 1000) ? " (first page)" : "") + ".");
		}
		catch (BackupStorageException | ConflictException ex) {
			redirect.addFlashAttribute("flashError", "Connection failed: " + ex.getMessage());
		}
		return "redirect:/environments/" + name + "/backups";
	}

	@PostMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String backUpNow(@PathVariable String name, RedirectAttributes redirect) {
		try {
			BackupLauncher.Launched launched = launcher.launch(name, Actors.current());
			return "redirect:/runs/" + launched.runId();
		}
		catch (ConflictException | InvalidInputException | BackupStorageException ex) {
			redirect.addFlashAttribute("flashError", "Not started: " + ex.getMessage());
			return "redirect:/environments/" + name + "/backups";
		}
	}

	@PostMapping("/verify")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String verify(@PathVariable String name, @RequestParam(defaultValue = "26") int maxAgeHours, Model model,
			RedirectAttributes redirect) {
		try {
			model.addAttribute("check", backups.verifyNewest(name, Duration.ofHours(maxAgeHours)));
		}
		catch (BackupStorageException | ConflictException | InvalidInputException ex) {
			redirect.addFlashAttribute("flashError", "Not verified: " + ex.getMessage());
			return "redirect:/environments/" + name + "/backups";
		}
		return page(name, model);
	}

	/**
	 * Shows what a clean-up would delete (a dry run); refused input (a value out of range, letters) re-renders the
	 * page with the values as typed and the message under the field; a storage failure says so above the form.
	 */
	@PostMapping("/cleanup")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String previewCleanup(@PathVariable String name, @ModelAttribute("cleanupForm") CleanupForm form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		if (storage.find(name).isEmpty()) {
			// only a stale page gets here: without storage the page has no clean-up form to show the message on
			redirect.addFlashAttribute("flashError", "No clean-up preview: environment '" + name
					+ "' has no backup storage configured");
			return "redirect:/environments/" + name + "/backups";
		}
		if (!result.hasErrors()) {
			int retentionDays = (form.retentionDays() != null) ? form.retentionDays()
					: BackupCleanupRequest.DEFAULT_RETENTION_DAYS;
			int keepNewest = (form.keepNewest() != null) ? form.keepNewest() : BackupCleanupRequest.DEFAULT_KEEP_NEWEST;
			try {
				model.addAttribute("cleanup", CleanupView.of(backups.cleanup(name, Duration.ofDays(retentionDays),
						keepNewest, true, Actors.current())));
			}
			catch (BackupStorageException | ConflictException | InvalidInputException ex) {
				FormErrors.reject(result, ex, null);
			}
		}
		FormErrors.keep(CleanupForm.class, form, result, model);
		return page(name, model);
	}

	/**
	 * Deletes what the preview showed: a fresh dry run must list exactly the confirmed timestamps (a backup may have
	 * crossed the cutoff, or a new one arrived, since), else the new plan is shown to confirm again.
	 */
	@PostMapping("/cleanup/run")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String runCleanup(@PathVariable String name, @RequestParam int retentionDays, @RequestParam int keepNewest,
			@RequestParam(name = "timestamp", required = false) List<String> confirmed, Model model,
			RedirectAttributes redirect) {
		List<String> expected = (confirmed != null) ? confirmed : List.of();
		try {
			Duration retention = Duration.ofDays(retentionDays);
			CleanupView plan = CleanupView.of(backups.cleanup(name, retention, keepNewest, true, Actors.current()));
			if (!plan.timestamps().equals(expected)) {
				model.addAttribute("cleanup", plan);
				model.addAttribute("cleanupChanged", true);
				return page(name, model);
			}
			BackupCleanup done = backups.cleanup(name, retention, keepNewest, false, Actors.current());
			String message = "Deleted " + done.deleted().size() + " backup" + ((done.deleted().size() == 1) ? "" : "s")
					+ " (" + BackupRow.size(done.deletedBytes()) + "); kept " + done.keptCount() + ".";
			if (done.failed().isEmpty()) {
				redirect.addFlashAttribute("flash", message);
			}
			else {
				redirect.addFlashAttribute("flashError", message + " The storage refused to delete "
						+ done.failed().size() + ": " + done.failed().get(0).reason());
			}
		}
		catch (BackupStorageException | ConflictException | InvalidInputException | AccessDeniedException ex) {
			redirect.addFlashAttribute("flashError", "Nothing deleted: " + ex.getMessage());
		}
		return "redirect:/environments/" + name + "/backups";
	}

	private String render(String name, Optional<StorageDetails> details, Model model) {
		model.addAttribute("environment", name);
		model.addAttribute("storage", details.orElse(null));
		if (!model.containsAttribute("cleanupForm")) {
			// a changed plan shown again keeps the values it was asked with
			model.addAttribute("cleanupForm", (model.getAttribute("cleanup") instanceof CleanupView shown)
					? new CleanupForm(shown.result().retentionDays(), shown.result().keepNewest()) : CleanupForm.initial());
		}
		List<BackupRow> rows = List.of();
		String rpo = null;
		if (details.isPresent()) {
			try {
				List<BackupSummary> found = backups.list(name);
				rows = found.stream().map(BackupRow::of).toList();
				// a folder dated in the future is listed with its finding, but is never the RPO
				BackupSummary newest = BackupSummary.newest(found, java.time.Instant.now());
				rpo = (newest != null) ? BackupRow.of(newest).age() : null;
			}
			catch (BackupStorageException ex) {
				model.addAttribute("listError", ex.getMessage());
			}
		}
		model.addAttribute("backups", rows);
		model.addAttribute("rpo", rpo);
		model.addAttribute("verifiedCount", rows.stream().filter(BackupRow::verified).count());
		return PAGE;
	}

	private static BackupStorageRequest form(StorageDetails details) {
		return new BackupStorageRequest(details.provider(), details.endpoint(), details.region(), details.bucket(),
				details.prefix(), details.pathStyle(), details.accessKeyId(), null);
	}

}
