package io.opsdeck.schedules.web;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.schedules.internal.FireDetails;
import io.opsdeck.schedules.internal.ScheduleDetails;
import io.opsdeck.schedules.internal.SchedulePresetService;
import io.opsdeck.schedules.internal.SchedulePreview;
import io.opsdeck.schedules.internal.ScheduleQueryService;
import io.opsdeck.schedules.internal.ScheduleService;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.StaleVersionException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Schedule pages: the list (with presets), one schedule with its next fire times and fire history, and the form
 * (with a preview of fire times and daylight-saving notes before saving).
 */
@Controller
class ScheduleController {

	private final ScheduleQueryService queries;

	private final ScheduleService schedules;

	private final SchedulePresetService presets;

	private final Inventory inventory;

	ScheduleController(ScheduleQueryService queries, ScheduleService schedules, SchedulePresetService presets,
			Inventory inventory) {
		this.queries = queries;
		this.schedules = schedules;
		this.presets = presets;
		this.inventory = inventory;
	}

	@GetMapping("/schedules")
	@PreAuthorize("hasRole('VIEWER')")
	String list(@RequestParam(required = false) @Nullable String environment, Model model) {
		String filter = (environment == null || environment.isBlank()) ? null : environment;
		model.addAttribute("schedules", queries.list(filter));
		model.addAttribute("environment", filter);
		model.addAttribute("environments", inventory.environments().stream().map(EnvironmentSummary::name).toList());
		if (!model.containsAttribute("presetsForm")) {
			model.addAttribute("presetsForm", PresetsForm.initial(filter));
		}
		return "schedules/list";
	}

	@GetMapping("/schedules/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "schedule")
	String detail(@PathVariable UUID id, Model model) {
		ScheduleDetails schedule = queries.get(id);
		model.addAttribute("schedule", schedule);
		model.addAttribute("warnings", queries.preview(schedule.cron(), schedule.timeZone(), 5).warnings());
		model.addAttribute("fires", queries.fires(id, 0, 50).items());
		return "schedules/detail";
	}

	/**
	 * The empty form, pre-filled from the query: any form field ({@code environment}, {@code name}, {@code action},
	 * {@code cron}, {@code misfirePolicy}, {@code description}, {@code drillType}, {@code mode},
	 * {@code maxAgeHours}, {@code retentionDays}, {@code keepNewest}, ...) may be given, so that other pages (the
	 * maintenance checklist's "automatable: create schedule") can link to a suggested schedule. Nothing is saved
	 * until the user submits; a value that does not bind keeps the default.
	 */
	@GetMapping("/schedules/new")
	@PreAuthorize("@environmentRoles.inAny('ADMIN')")
	String newForm(@ModelAttribute("form") ScheduleForm form, BindingResult ignored, Model model) {
		return formPage(form, null, null, model);
	}

	@GetMapping("/schedules/{id}/edit")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	String editForm(@PathVariable UUID id, Model model) {
		ScheduleDetails schedule = queries.get(id);
		model.addAttribute(ExpectedVersion.FORM_FIELD, schedule.version());
		return formPage(ScheduleForm.of(schedule), id, null, model);
	}

	@PostMapping("/schedules/new")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.BODY)
	String create(@ModelAttribute("form") ScheduleForm form, BindingResult result,
			@RequestParam(required = false) @Nullable String preview, Model model, RedirectAttributes redirect) {
		return save(null, form, result, preview, ExpectedVersion.any(), model, redirect);
	}

	@PostMapping("/schedules/{id}/edit")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	String update(@PathVariable UUID id, @ModelAttribute("form") ScheduleForm form, BindingResult result,
			@RequestParam(required = false) @Nullable String preview,
			@RequestParam(name = ExpectedVersion.FORM_FIELD, required = false) @Nullable String version, Model model,
			RedirectAttributes redirect) {
		// re-rendered forms (errors, preview) keep the version they were opened at
		model.addAttribute(ExpectedVersion.FORM_FIELD, version);
		return save(id, form, result, preview, ExpectedVersion.ofForm(version), model, redirect);
	}

	private String save(@Nullable UUID id, ScheduleForm form, BindingResult result, @Nullable String preview,
			ExpectedVersion expected, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return formPage(form, id, null, model);
		}
		try {
			if (preview != null) {
				return formPage(form, id, queries.preview(form.getCron(), form.getTimeZone(), 5), model);
			}
			ScheduleDetails saved = (id == null) ? schedules.create(form.input(), Actors.current())
					: schedules.update(id, form.input(), expected, Actors.current());
			redirect.addFlashAttribute("flash", "Saved schedule '" + saved.name() + "'.");
			return "redirect:/schedules/" + saved.id();
		}
		catch (InvalidInputException ex) {
			// a parameter's message goes under its input: parameters.type is the drill type, the others keep their name
			String field = ex.field().startsWith("parameters.") ? ex.field().substring("parameters.".length())
					: ex.field();
			FormErrors.reject(result, new InvalidInputException("type".equals(field) ? "drillType" : field,
					ex.getMessage()), null);
		}
		catch (ConflictException ex) {
			FormErrors.reject(result, ex, "name");
		}
		catch (StaleVersionException ex) {
			FormErrors.stale(result, model, ex);
		}
		return formPage(form, id, null, model);
	}

	@PostMapping("/schedules/{id}/pause")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	String pause(@PathVariable UUID id, @RequestParam(defaultValue = "true") boolean paused,
			RedirectAttributes redirect) {
		ScheduleDetails schedule = schedules.pause(id, paused, Actors.current());
		redirect.addFlashAttribute("flash", (paused ? "Paused" : "Resumed") + " schedule '" + schedule.name() + "'.");
		return "redirect:/schedules/" + id;
	}

	@PostMapping("/schedules/{id}/trigger")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "schedule")
	String trigger(@PathVariable UUID id, RedirectAttributes redirect) {
		FireDetails fire = schedules.trigger(id, Actors.current());
		if (fire.runId() != null) {
			redirect.addFlashAttribute("flash", "Started run " + fire.runId() + ".");
			return "redirect:/runs/" + fire.runId();
		}
		String text = fire.outcome() + ((fire.message() != null) ? ": " + fire.message() : "");
		redirect.addFlashAttribute(fire.outcome().equals("SUCCEEDED") ? "flash" : "flashError", text);
		return "redirect:/schedules/" + id;
	}

	@PostMapping("/schedules/{id}/delete")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "schedule")
	String delete(@PathVariable UUID id, RedirectAttributes redirect) {
		ScheduleDetails schedule = queries.get(id);
		schedules.delete(id, Actors.current());
		redirect.addFlashAttribute("flash", "Deleted schedule '" + schedule.name() + "'.");
		return "redirect:/schedules";
	}

	/**
	 * Adds the seed's preset schedules to an environment; a refused form (an unknown time zone or environment)
	 * re-renders the list with the form as sent and the message under its field.
	 */
	@PostMapping("/schedules/presets")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.BODY)
	String presets(@ModelAttribute("presetsForm") PresetsForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		String environment = (form.environment() != null) ? form.environment() : "";
		try {
			List<ScheduleDetails> created = presets.create(environment, form.timeZone(), Actors.current());
			redirect.addFlashAttribute("flash", created.isEmpty() ? "'" + environment + "' already has every preset."
					: "Added " + created.size() + " preset schedules to '" + environment + "'.");
			redirect.addAttribute("environment", environment);
			return "redirect:/schedules";
		}
		catch (InvalidInputException | NotFoundException ex) {
			FormErrors.reject(result, ex, "environment");
		}
		return list(environment, model);
	}

	private String formPage(ScheduleForm form, @Nullable UUID id, @Nullable SchedulePreview preview, Model model) {
		model.addAttribute("form", form);
		// A number that did not bind (letters): Thymeleaf fills a type="number" input from the bean, which still holds
		// its default (30 days, 3 backups), so the template shows these fields empty instead, as the record forms do.
		Object bound = model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "form");
		model.addAttribute("unbound", (bound instanceof BindingResult result) ? result.getFieldErrors()
			.stream()
			.filter(FieldError::isBindingFailure)
			.map(FieldError::getField)
			.collect(Collectors.toSet()) : Set.of());
		model.addAttribute("scheduleId", id);
		model.addAttribute("preview", preview);
		model.addAttribute("environments", inventory.environments().stream().map(EnvironmentSummary::name).toList());
		model.addAttribute("zones", java.time.ZoneId.getAvailableZoneIds().stream().sorted().toList());
		return "schedules/form";
	}

}
