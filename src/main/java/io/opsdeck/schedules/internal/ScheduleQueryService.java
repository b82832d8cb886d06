package io.opsdeck.schedules.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.schedules.ScheduleOverview;
import io.opsdeck.schedules.ScheduleQueries;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading schedules: the lists (by environment, or within a scoped API token's environments), one schedule, its
 * fires, the schedules with an action for other modules ({@link ScheduleQueries}), and previews of fire times. How
 * they are shown is {@link ScheduleViews}'s; changing them is {@link ScheduleService}'s.
 */
@Service
public class ScheduleQueryService implements ScheduleQueries {

	private final ScheduleRepository schedules;

	private final ScheduleFireRepository fires;

	private final ScheduleViews views;

	private final ScheduleRules rules;

	ScheduleQueryService(ScheduleRepository schedules, ScheduleFireRepository fires, ScheduleViews views,
			ScheduleRules rules) {
		this.schedules = schedules;
		this.fires = fires;
		this.views = views;
		this.rules = rules;
	}

	/**
	 * @param environment only this environment's schedules, or {@code null} for all
	 * @return the schedules ordered by name
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public List<ScheduleDetails> list(@Nullable String environment) {
		return list(environment, null);
	}

	/**
	 * @param environment only this environment's schedules, or {@code null} for all
	 * @param scope the only environment names to list (a scoped API token's, {@code EnvironmentAccess.listScope}),
	 * or {@code null} for every environment; filtered in the query
	 * @return the schedules ordered by name
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public List<ScheduleDetails> list(@Nullable String environment, @Nullable Collection<String> scope) {
		Map<UUID, String> names = views.environmentNames();
		List<Schedule> found;
		if (environment != null) {
			found = schedules.findByEnvironmentIdOrderByNameAsc(views.environment(environment).id());
		}
		else if (scope != null) {
			List<UUID> ids = names.entrySet()
				.stream()
				.filter(e -> scope.contains(e.getValue()))
				.map(Map.Entry::getKey)
				.toList();
			found = ids.isEmpty() ? List.of() : schedules.findByEnvironmentIdInOrderByNameAsc(ids);
		}
		else {
			found = schedules.findAllByOrderByNameAsc();
		}
		return found.stream().map(s -> views.details(s, names)).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<ScheduleOverview> withAction(String action, @Nullable String environment) {
		String wanted = ScheduleAction.fromValue(action).value();
		Map<UUID, String> names = views.environmentNames();
		return schedules.findAllByOrderByNameAsc()
			.stream()
			.filter(s -> s.action().value().equals(wanted))
			.map(s -> views.details(s, names))
			.filter(d -> environment == null || d.environment().equals(environment))
			.map(ScheduleViews::overview)
			.toList();
	}

	/**
	 * @param id schedule id
	 * @return the schedule
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional(readOnly = true)
	public ScheduleDetails get(UUID id) {
		return views.details(schedules.require(id), views.environmentNames());
	}

	/**
	 * @param id schedule id
	 * @param page zero-based page
	 * @param size page size, 1-200
	 * @return its fires, newest first
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional(readOnly = true)
	public PageView<FireDetails> fires(UUID id, int page, int size) {
		schedules.require(id);
		return PageView.of(fires.findByScheduleIdOrderByFiredAtDesc(id, PageRequest.of(page, size)),
				views::fireDetails);
	}

	/**
	 * The fire times a schedule would have, before it is saved ({@link ScheduleRules#preview}).
	 * @param cron Quartz cron expression
	 * @param timeZone IANA zone id
	 * @param count how many fire times, 1-50
	 * @return the next fire times after now, and as warnings what saving would refuse plus the daylight-saving
	 * notes for the coming year
	 * @throws InvalidInputException naming the cron expression, the zone or the count
	 */
	public SchedulePreview preview(@Nullable String cron, @Nullable String timeZone, int count) {
		return rules.preview(cron, timeZone, count);
	}

}
