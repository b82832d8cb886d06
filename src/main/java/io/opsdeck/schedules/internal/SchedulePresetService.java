package io.opsdeck.schedules.internal;

import java.util.ArrayList;
import java.util.List;

import io.opsdeck.identity.Actor;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives an environment the preset schedules of its kind ({@link SchedulePresets}), each created as a user would
 * create it ({@link ScheduleService#create}), all in one transaction.
 */
@Service
public class SchedulePresetService {

	private final ScheduleService service;

	private final ScheduleRepository schedules;

	private final ScheduleViews views;

	private final SchedulesProperties properties;

	SchedulePresetService(ScheduleService service, ScheduleRepository schedules, ScheduleViews views,
			SchedulesProperties properties) {
		this.service = service;
		this.schedules = schedules;
		this.views = views;
		this.properties = properties;
	}

	/**
	 * Creates the preset schedules that the environment does not have yet (by name).
	 * @param environment environment name
	 * @param timeZone zone for the presets, or {@code null} for {@code opsdeck.schedules.default-time-zone}
	 * @param actor who asked
	 * @return the schedules created (empty when all existed)
	 * @throws NotFoundException when the environment does not exist
	 * @throws InvalidInputException (field {@code timeZone}) for an unknown zone, or as {@link ScheduleService#create}
	 * @throws ConflictException when another request created one of them meanwhile (nothing is created then)
	 */
	@Transactional
	public List<ScheduleDetails> create(String environment, @Nullable String timeZone, Actor actor) {
		EnvironmentSummary env = views.environment(environment);
		String zone = CronRules.zone((timeZone == null || timeZone.isBlank()) ? properties.defaultTimeZone()
				: timeZone).getId();
		List<ScheduleDetails> created = new ArrayList<>();
		for (SchedulePresets.Preset preset : SchedulePresets.forKind(env.kind())) {
			String name = env.name() + " " + preset.suffix();
			if (schedules.existsByName(name)) {
				continue;
			}
			created.add(service.create(new ScheduleInput(name, preset.action().value(), env.name(),
					preset.parameters(), preset.cron(), zone, preset.misfirePolicy().value(), false,
					preset.description()), actor));
		}
		return created;
	}

}
