package io.opsdeck.drills.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.Backups;
import io.opsdeck.drills.DrillType;
import io.opsdeck.drills.internal.DrillDetails;
import io.opsdeck.drills.internal.DrillService;
import io.opsdeck.drills.internal.DrillSettingsDetails;
import io.opsdeck.drills.internal.DrillSettingsService;
import io.opsdeck.drills.internal.DrillSettingsValues;
import io.opsdeck.drills.internal.ForecastService;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.StaleVersionException;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

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
 * Drill pages: an environment's drill history (chart, forecast, "Run drill" form), one drill live, and the drill
 * settings form.
 */
@Controller
class DrillsController {

	private final DrillService drills;

	private final DrillSettingsService settings;

	private final ForecastService forecasts;

	private final Backups backups;

	private final Inventory inventory;

	DrillsController(DrillService drills, DrillSettingsService settings, ForecastService forecasts, Backups backups,
			Inventory inventory) {
		this.drills = drills;
		this.settings = settings;
		this.forecasts = forecasts;
		this.backups = backups;
		this.inventory = inventory;
	}

	@GetMapping("/environments/{name}/drills")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String history(@PathVariable String name, Model model) {
		model.addAttribute("form", DrillStartForm.empty());
		return render(name, model);
	}

	private String render(String name, Model model) {
		DrillSettingsDetails found = settings.find(name).orElse(null);
		int target = (found != null) ? found.values().rtoTargetSeconds() : DrillSettingsValues.DEFAULT_RTO_SECONDS;
		List<DrillDetails> recent = drills.list(name, 0, 30).items();
		List<DrillDetails> finished = recent.stream().filter(d -> d.results().status().isFinished()).toList();
		model.addAttribute("environment", name);
		model.addAttribute("settings", found);
		model.addAttribute("rtoTargetSeconds", target);
		model.addAttribute("drills", recent);
		model.addAttribute("chart", DrillChart.of(finished, target));
		model.addAttribute("colours", DrillChart.COLOURS);
		Instant last = drills.lastSuccess(name).orElse(null);
		model.addAttribute("lastSuccess", last);
		model.addAttribute("lastSuccessAgeDays", (last != null) ? Duration.between(last, Instant.now()).toDays() : null);
		boolean storage = backups.configured(name);
		model.addAttribute("storageConfigured", storage);
		List<BackupSummary> listed = List.of();
		if (storage) {
			try {
				listed = backups.list(name);
			}
			catch (BackupStorageException ex) {
				model.addAttribute("storageError", ex.getMessage());
			}
		}
		model.addAttribute("backups", listed.stream().filter(b -> b.database() != null).limit(100).toList());
		model.addAttribute("forecast", forecasts.forecast(name, listed));
		return "drills/history";
	}

	/**
	 * Starts a drill and opens its page; a refused start (a drill already running, no backup storage, an unknown
	 * backup) re-renders the history page with the form as sent and the message on it.
	 */
	@PostMapping("/environments/{name}/drills")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String start(@PathVariable String name, @ModelAttribute("form") DrillStartForm form, BindingResult result,
			Model model) {
		if (!result.hasErrors()) {
			try {
				DrillType type = DrillType.fromValue(String.valueOf(form.type()));
				return "redirect:/drills/" + drills.start(name, type, form.timestamp(), Actors.current()).id();
			}
			catch (IllegalArgumentException ex) {
				result.rejectValue("type", "invalid", "must be full, database-only or validation-only");
			}
			catch (ConflictException | InvalidInputException | NotFoundException | BackupStorageException ex) {
				FormErrors.reject(result, ex, null);
			}
		}
		FormErrors.keep(DrillStartForm.class, form, result, model);
		return render(name, model);
	}

	@GetMapping("/drills/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "drill")
	String drill(@PathVariable UUID id, Model model) {
		DrillDetails drill = drills.get(id);
		model.addAttribute("drill", drill);
		model.addAttribute("view", DrillView.of(drill));
		model.addAttribute("colours", DrillChart.COLOURS);
		return "drills/drill";
	}

	@GetMapping("/environments/{name}/drill-settings")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String settingsForm(@PathVariable String name, Model model) {
		Optional<DrillSettingsDetails> found = settings.find(name);
		model.addAttribute(ExpectedVersion.FORM_FIELD, found.map(DrillSettingsDetails::version).orElse(null));
		return settingsPage(name, found.map(DrillSettingsForm::of).orElseGet(DrillSettingsForm::new), model);
	}

	@PostMapping("/environments/{name}/drill-settings")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String saveSettings(@PathVariable String name, @Valid @ModelAttribute("form") DrillSettingsForm form,
			BindingResult result,
			@RequestParam(name = ExpectedVersion.FORM_FIELD, required = false) @Nullable String version, Model model,
			RedirectAttributes redirect) {
		model.addAttribute(ExpectedVersion.FORM_FIELD, version);
		if (!result.hasErrors()) {
			try {
				settings.save(name, form.toSpec(), ExpectedVersion.ofForm(version));
				redirect.addFlashAttribute("flash", "Saved the drill settings of '" + name + "'.");
				return "redirect:/environments/" + name + "/drills";
			}
			catch (InvalidInputException ex) {
				result.rejectValue(formField(ex.field()), "invalid", ex.getMessage());
			}
			catch (StaleVersionException ex) {
				FormErrors.stale(result, model, ex);
			}
		}
		return settingsPage(name, form, model);
	}

	/** The form's name of an API field: {@code database.name} is {@code dbName}. */
	private static String formField(String apiField) {
		if (apiField.startsWith("database.") && apiField.length() > "database.".length()) {
			String name = apiField.substring("database.".length());
			return "db" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
		}
		return apiField;
	}

	private String settingsPage(String name, DrillSettingsForm form, Model model) {
		if (inventory.findEnvironment(name).isEmpty()) {
			throw new NotFoundException("environment", name);
		}
		model.addAttribute("environment", name);
		model.addAttribute("form", form);
		model.addAttribute("servers", inventory.serversOf(name).stream().map(ServerTarget::name).toList());
		return "drills/settings";
	}

}
