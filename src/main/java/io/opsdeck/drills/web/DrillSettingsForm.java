package io.opsdeck.drills.web;

import io.opsdeck.drills.internal.DrillSettingsDetails;
import io.opsdeck.drills.internal.DrillSettingsRules;
import io.opsdeck.drills.internal.DrillSettingsSpec;
import io.opsdeck.drills.internal.DrillSettingsValues;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The drill settings form: {@link DrillSettingsRequest} flattened for an HTML form, with the same rules. */
public class DrillSettingsForm {

	@NotBlank(message = "choose the server to restore on")
	private String server;

	@NotBlank
	@Pattern(regexp = DrillSettingsRules.IDENTIFIER, message = "must be a database name of letters, digits, _ and -")
	private String dbName = "app";

	@Pattern(regexp = "^(host|docker)$", message = "must be host or docker")
	private String dbMode = "host";

	@NotBlank
	@Pattern(regexp = DrillSettingsRules.IDENTIFIER, message = "must be a role name of letters, digits, _ and -")
	private String dbUser = "postgres";

	@NotBlank
	@Size(max = 255)
	@Pattern(regexp = "^[A-Za-z0-9.:_-]+$", message = "must be a host name or IP address")
	private String dbHost = "127.0.0.1";

	@NotNull
	@Min(1)
	@Max(65535)
	private Integer dbPort = 5432;

	@Pattern(regexp = "^$|" + DrillSettingsRules.SERVICE, message = "must be a compose service name")
	private String dbComposeService = "postgres";

	@Pattern(regexp = "^$|" + DrillSettingsRules.COMPOSE_FILE, message = "must be a file name, e.g. compose.prod.yml")
	private String dbComposeFile = "compose.prod.yml";

	@Pattern(regexp = "^$|" + DrillSettingsRules.OS_USER, message = "must be an OS user name")
	private String dbBecomeUser = "";

	@Size(max = 1024)
	@Pattern(regexp = "^$|" + DrillSettingsRules.ABSOLUTE_PATH, message = "must be an absolute path")
	private String mediaDir = "";

	@Size(max = 1024)
	@Pattern(regexp = "^$|" + DrillSettingsRules.ABSOLUTE_PATH, message = "must be an absolute path")
	private String appDir = "";

	@Size(max = 2048)
	@Pattern(regexp = DrillSettingsRules.ONE_LINE, message = "must be one line")
	private String startCommand = "docker compose -f compose.prod.yml up -d";

	@Size(max = 2048)
	@Pattern(regexp = "^$|" + DrillSettingsRules.HTTP_URL, message = "must be an http:// or https:// URL")
	private String healthUrl = "";

	@NotNull
	@Min(5)
	@Max(3600)
	private Integer healthTimeoutSeconds = 300;

	@NotNull
	@Min(60)
	@Max(86400)
	private Integer rtoTargetSeconds = DrillSettingsValues.DEFAULT_RTO_SECONDS;

	@NotNull
	@Min(1)
	@Max(32)
	private Integer restoreJobs = 2;

	private boolean restoreNoOwner = true;

	private boolean restoreNoAcl = true;

	static DrillSettingsForm of(DrillSettingsDetails details) {
		DrillSettingsValues v = details.values();
		DrillSettingsForm form = new DrillSettingsForm();
		form.server = (details.serverName() != null) ? details.serverName() : "";
		form.dbName = v.dbName();
		form.dbMode = v.dbMode();
		form.dbUser = v.dbUser();
		form.dbHost = v.dbHost();
		form.dbPort = v.dbPort();
		form.dbComposeService = v.dbComposeService();
		form.dbComposeFile = v.dbComposeFile();
		form.dbBecomeUser = (v.dbBecomeUser() != null) ? v.dbBecomeUser() : "";
		form.mediaDir = (v.mediaDir() != null) ? v.mediaDir() : "";
		form.appDir = (v.appDir() != null) ? v.appDir() : "";
		form.startCommand = (v.startCommand() != null) ? v.startCommand() : "";
		form.healthUrl = (v.healthUrl() != null) ? v.healthUrl() : "";
		form.healthTimeoutSeconds = v.healthTimeoutSeconds();
		form.rtoTargetSeconds = v.rtoTargetSeconds();
		form.restoreJobs = v.restoreJobs();
		form.restoreNoOwner = v.restoreNoOwner();
		form.restoreNoAcl = v.restoreNoAcl();
		return form;
	}

	DrillSettingsSpec toSpec() {
		return new DrillSettingsSpec(server, dbName, dbMode, dbUser, dbHost, dbPort, dbComposeService, dbComposeFile, dbBecomeUser,
				mediaDir, appDir, startCommand, healthUrl, healthTimeoutSeconds, rtoTargetSeconds, restoreJobs,
				restoreNoOwner, restoreNoAcl);
	}

	public String getServer() { return server; }
	public void setServer(String server) { this.server = server; }
	public String getDbName() { return dbName; }
	public void setDbName(String dbName) { this.dbName = dbName; }
	public String getDbMode() { return dbMode; }
	public void setDbMode(String dbMode) { this.dbMode = dbMode; }
	public String getDbUser() { return dbUser; }
	public void setDbUser(String dbUser) { this.dbUser = dbUser; }
	public String getDbHost() { return dbHost; }
	public void setDbHost(String dbHost) { this.dbHost = dbHost; }
	public Integer getDbPort() { return dbPort; }
	public void setDbPort(Integer dbPort) { this.dbPort = dbPort; }
	public String getDbComposeService() { return dbComposeService; }
	public void setDbComposeService(String dbComposeService) { this.dbComposeService = dbComposeService; }
	public String getDbComposeFile() { return dbComposeFile; }
	public void setDbComposeFile(String dbComposeFile) { this.dbComposeFile = dbComposeFile; }
	public String getDbBecomeUser() { return dbBecomeUser; }
	public void setDbBecomeUser(String dbBecomeUser) { this.dbBecomeUser = dbBecomeUser; }
	public String getMediaDir() { return mediaDir; }
	public void setMediaDir(String mediaDir) { this.mediaDir = mediaDir; }
	public String getAppDir() { return appDir; }
	public void setAppDir(String appDir) { this.appDir = appDir; }
	public String getStartCommand() { return startCommand; }
	public void setStartCommand(String startCommand) { this.startCommand = startCommand; }
	public String getHealthUrl() { return healthUrl; }
	public void setHealthUrl(String healthUrl) { this.healthUrl = healthUrl; }
	public Integer getHealthTimeoutSeconds() { return healthTimeoutSeconds; }
	public void setHealthTimeoutSeconds(Integer healthTimeoutSeconds) { this.healthTimeoutSeconds = healthTimeoutSeconds; }
	public Integer getRtoTargetSeconds() { return rtoTargetSeconds; }
	public void setRtoTargetSeconds(Integer rtoTargetSeconds) { this.rtoTargetSeconds = rtoTargetSeconds; }
	public Integer getRestoreJobs() { return restoreJobs; }
	public void setRestoreJobs(Integer restoreJobs) { this.restoreJobs = restoreJobs; }
	public boolean isRestoreNoOwner() { return restoreNoOwner; }
	public void setRestoreNoOwner(boolean restoreNoOwner) { this.restoreNoOwner = restoreNoOwner; }
	public boolean isRestoreNoAcl() { return restoreNoAcl; }
	public void setRestoreNoAcl(boolean restoreNoAcl) { this.restoreNoAcl = restoreNoAcl; }

}
