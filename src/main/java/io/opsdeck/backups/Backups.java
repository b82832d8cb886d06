package io.opsdeck.backups;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Placeholder of the contract (docs/design/drills-contract.md); replaced by the backups module. */
public interface Backups {

	boolean configured(String environment);

	List<BackupSummary> list(String environment);

	Optional<BackupSummary> find(String environment, String timestamp);

	BackupTransfer presignDownload(String environment, String timestamp, Duration validity);

	BackupTransfer presignUpload(String environment, String timestamp, Duration validity);

}
