package io.opsdeck.schedules.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.schedules.internal.ScheduleDetails;
import io.opsdeck.schedules.internal.ScheduleInput;
import org.jspecify.annotations.Nullable;

/**
 * The schedule form of the pages. Only the parameter fields of the chosen action are sent to the service; the others
 * are ignored. Packages and CVE ids are entered separated by spaces or commas.
 */
public class ScheduleForm {

	private String name = "";

	private String environment = "";

	private String action = "drill";

	private String cron = "0 0 2 ? 1,4,7,10 MON#1";

	private String timeZone = "UTC";

	private String misfirePolicy = "fire-once";

	private String recoveryPolicy = "none";

	private int recoveryWindowMinutes = 60;

	private String description = "";

	private String drillType = "full";

	private String mode = "security";

	private String packages = "";

	private String cves = "";

	private boolean reboot;

	private int maxAgeHours = 26;

	private int retentionDays = 30;

	private int keepNewest = 3;

	/** @return a form filled from a stored schedule */
	static ScheduleForm of(ScheduleDetails s) {
		ScheduleForm form = new ScheduleForm();
		form.name = s.name();
		form.environment = s.environment();
		form.action = s.action();
		form.cron = s.cron();
		form.timeZone = s.timeZone();
		form.misfirePolicy = s.misfirePolicy();
		form.recoveryPolicy = s.recoveryPolicy();
		form.recoveryWindowMinutes = s.recoveryWindowMinutes();
		form.description = (s.description() == null) ? "" : s.description();
		Map<String, Object> p = s.parameters();
		form.drillType = String.valueOf(p.getOrDefault("type", "full"));
		form.mode = String.valueOf(p.getOrDefault("mode", "security"));
		form.packages = join(p.get("packages"));
		form.cves = join(p.get("cves"));
		form.reboot = Boolean.TRUE.equals(p.get("reboot"));
		form.maxAgeHours = number(p.get("maxAgeHours"), 26);
		form.retentionDays = number(p.get("retentionDays"), 30);
		form.keepNewest = number(p.get("keepNewest"), 3);
		return form;
	}

	/** @return the input for the service; {@code paused} {@code null} keeps the state on update */
	ScheduleInput input() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		switch (action) {
			case "drill" -> parameters.put("type", drillType);
			case "security-update" -> {
				parameters.put("mode", mode);
				parameters.put("packages", split(packages));
				parameters.put("cves", split(cves));
				parameters.put("reboot", reboot);
			}
			case "backup-verify" -> parameters.put("maxAgeHours", maxAgeHours);
			case "backup-cleanup" -> {
				parameters.put("retentionDays", retentionDays);
				parameters.put("keepNewest", keepNewest);
			}
			default -> {
			}
		}
		return new ScheduleInput(name, action, environment, parameters, cron, timeZone, misfirePolicy, null,
				description, recoveryPolicy, recoveryWindowMinutes);
	}

	private static List<String> split(@Nullable String text) {
		return (text == null || text.isBlank()) ? List.of()
				: Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
	}

	private static String join(@Nullable Object list) {
		return (list instanceof List<?> items) ? String.join(" ", items.stream().map(String::valueOf).toList()) : "";
	}

	private static int number(@Nullable Object value, int fallback) {
		return (value instanceof Number n) ? n.intValue() : fallback;
	}

	public String getName() {
		return name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getEnvironment() {
		return environment;
	}

	public void setEnvironment(String environment) {
		this.environment = environment;
	}

	public String getAction() {
		return action;
	}

	public void setAction(String action) {
		this.action = action;
	}

	public String getCron() {
		return cron;
	}

	public void setCron(String cron) {
		this.cron = cron;
	}

	public String getTimeZone() {
		return timeZone;
	}

	public void setTimeZone(String timeZone) {
		this.timeZone = timeZone;
	}

	public String getRecoveryPolicy() {
		return recoveryPolicy;
	}

	public void setRecoveryPolicy(String recoveryPolicy) {
		this.recoveryPolicy = recoveryPolicy;
	}

	public int getRecoveryWindowMinutes() {
		return recoveryWindowMinutes;
	}

	public void setRecoveryWindowMinutes(int recoveryWindowMinutes) {
		this.recoveryWindowMinutes = recoveryWindowMinutes;
	}

	public String getMisfirePolicy() {
		return misfirePolicy;
	}

	public void setMisfirePolicy(String misfirePolicy) {
		this.misfirePolicy = misfirePolicy;
	}

	public String getDescription() {
		return description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public String getDrillType() {
		return drillType;
	}

	public void setDrillType(String drillType) {
		this.drillType = drillType;
	}

	public String getMode() {
		return mode;
	}

	public void setMode(String mode) {
		this.mode = mode;
	}

	public String getPackages() {
		return packages;
	}

	public void setPackages(String packages) {
		this.packages = packages;
	}

	public String getCves() {
		return cves;
	}

	public void setCves(String cves) {
		this.cves = cves;
	}

	public boolean isReboot() {
		return reboot;
	}

	public void setReboot(boolean reboot) {
		this.reboot = reboot;
	}

	public int getMaxAgeHours() {
		return maxAgeHours;
	}

	public void setMaxAgeHours(int maxAgeHours) {
		this.maxAgeHours = maxAgeHours;
	}

	public int getRetentionDays() {
		return retentionDays;
	}

	public void setRetentionDays(int retentionDays) {
		this.retentionDays = retentionDays;
	}

	public int getKeepNewest() {
		return keepNewest;
	}

	public void setKeepNewest(int keepNewest) {
		this.keepNewest = keepNewest;
	}

}
