package io.opsdeck.notifications.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.Backups;
import io.opsdeck.drills.Drills;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.notifications.NotificationEventType;
import io.opsdeck.patching.Patching;
import io.opsdeck.patching.ServerCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the state conditions every {@code opsdeck.notifications.evaluation-interval} (default 5 minutes)
 * through the other modules' public APIs: drill overdue ({@link Drills#overdue}, seed: quarterly drills), backup
 * stale (the newest backup older than {@code backup-max-age}, default 26 h, or none; seed: daily backups), reboot
 * required (patch compliance per server; seed: Security Updates). Notifies when a condition becomes true, and once
 * when it clears ({@code resolved}); the state lives in the database, so a restart or a second node does not notify
 * again. Only conditions and environments some enabled channel subscribes to are evaluated. A condition that cannot
 * be read (storage down) keeps its last state.
 */
@Component
public class ConditionEvaluator {

	private static final Logger log = LoggerFactory.getLogger(ConditionEvaluator.class);

	private static final Set<NotificationEventType> CONDITIONS = EnumSet.of(NotificationEventType.DRILL_OVERDUE,
			NotificationEventType.BACKUP_STALE, NotificationEventType.REBOOT_REQUIRED);

	private final ChannelRepository channels;

	private final ConditionRepository conditions;

	private final Outbox outbox;

	private final Inventory inventory;

	private final Drills drills;

	private final Backups backups;

	private final Patching patching;

	private final NotificationsProperties properties;

	ConditionEvaluator(ChannelRepository channels, ConditionRepository conditions, Outbox outbox, Inventory inventory,
			Drills drills, Backups backups, Patching patching, NotificationsProperties properties) {
		this.channels = channels;
		this.conditions = conditions;
		this.outbox = outbox;
		this.inventory = inventory;
		this.drills = drills;
		this.backups = backups;
		this.patching = patching;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "${opsdeck.notifications.evaluation-initial-delay:60s}",
			fixedDelayString = "${opsdeck.notifications.evaluation-interval:5m}")
	void scheduled() {
		try {
			evaluate();
		}
		catch (RuntimeException ex) {
			log.warn("Evaluating notification conditions failed: {}", ex.toString());
		}
	}

	/**
	 * One evaluation pass.
	 * @return the events raised (firing or resolved)
	 */
	public List<NotificationEvent> evaluate() {
		List<Channel> subscribed = channels.all().stream().filter(Channel::enabled).toList();
		List<NotificationEvent> raised = new ArrayList<>();
		List<EnvironmentSummary> environments = inventory.environments();
		for (NotificationEventType condition : CONDITIONS) {
			for (EnvironmentSummary environment : environments) {
				if (subscribed.stream().noneMatch(channel -> channel.routes(condition, environment.name()))) {
					continue;
				}
				try {
					for (State state : states(condition, environment.name())) {
						OptionalInt generation = conditions.record(condition, environment.name(), state.subject(),
								state.bad());
						if (generation.isPresent() && (state.bad() || generation.getAsInt() > 1)) {
							NotificationEvent event = new NotificationEvent(
									NotificationEvent.idOf(condition, environment.name(), state.subject(),
											generation.getAsInt()),
									condition, environment.name(), state.subject(),
									state.bad() ? state.summary() : "Resolved: " + state.summary(), state.link(),
									!state.bad(), false, Instant.now());
							outbox.raise(event);
							raised.add(event);
						}
					}
				}
				catch (RuntimeException ex) {
					log.info("Condition {} of {} not evaluated: {}", condition, environment.name(), ex.toString());
				}
			}
		}
		return raised;
	}

	private List<State> states(NotificationEventType condition, String environment) {
		return switch (condition) {
			case DRILL_OVERDUE -> {
				boolean overdue = drills.overdue(environment);
				String last = drills.lastSuccess(environment).map(Instant::toString).orElse("never");
				yield List.of(new State(environment, overdue, overdue
						? environment + " has had no successful DR drill in " + Drills.OVERDUE_AFTER.toDays()
								+ " days (last: " + last + "); drills are due quarterly."
						: environment + " had a successful DR drill at " + last + ".", "/environments/" + environment + "/drills"));
			}
			case BACKUP_STALE -> {
				if (!backups.configured(environment)) {
					yield List.of();
				}
				List<BackupSummary> list = backups.list(environment);
				long maxHours = properties.backupMaxAge().toHours();
				// a folder dated in the future is never the newest: it would hide a stale environment
				BackupSummary newest = BackupSummary.newest(list, java.time.Instant.now());
				if (newest == null) {
					yield List.of(new State(environment, true, environment + " has no backup.", "/environments/" + environment + "/backups"));
				}
				boolean stale = newest.ageSeconds() > properties.backupMaxAge().toSeconds();
				yield List.of(new State(environment, stale, "The newest backup of " + environment + " ("
						+ newest.timestamp() + ") is " + Duration.ofSeconds(newest.ageSeconds()).toHours()
						+ " h old; the threshold is " + maxHours + " h.", "/environments/" + environment + "/backups"));
			}
			case REBOOT_REQUIRED -> {
				List<State> states = new ArrayList<>();
				for (ServerCompliance server : patching.compliance(environment).servers()) {
					states.add(new State(server.server(), server.rebootRequired(), server.rebootRequired()
							? "Server " + server.server() + " needs a reboot"
									+ ((server.rebootRequiredSince() != null) ? " since " + server.rebootRequiredSince() : "")
									+ (server.rebootRequiredPackages().isEmpty() ? "" : " (packages: "
											+ String.join(", ", new LinkedHashSet<>(server.rebootRequiredPackages())) + ")")
									+ "."
							: "Server " + server.server() + " no longer needs a reboot.", "/environments/" + environment + "/patching"));
				}
				yield states;
			}
			default -> List.of();
		};
	}

	/**
	 * One evaluated condition.
	 *
	 * @param subject the environment or server name
	 * @param bad whether the condition holds
	 * @param summary text for the notification
	 * @param link path in Opsdeck
	 */
	private record State(String subject, boolean bad, String summary, String link) {
	}

}
