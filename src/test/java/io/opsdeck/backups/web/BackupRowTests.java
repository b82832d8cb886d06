package io.opsdeck.backups.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackupRowTests {

	@Test
	void agesAndSizesReadLikeAHumanWouldSayThem() {
		assertThat(BackupRow.age(45)).isEqualTo("45 s");
		assertThat(BackupRow.age(12 * 60 + 5)).isEqualTo("12 min");
		assertThat(BackupRow.age(3 * 3600 + 12 * 60)).isEqualTo("3 h 12 min");
		assertThat(BackupRow.age(4 * 86400 + 2 * 3600 + 59)).isEqualTo("4 d 2 h");
		assertThat(BackupRow.size(512)).isEqualTo("512 B");
		assertThat(BackupRow.size(1536)).isEqualTo("1.5 KiB");
		assertThat(BackupRow.size(64_382_976)).isEqualTo("61.4 MiB");
		assertThat(BackupRow.size(5L << 40)).isEqualTo("5.0 TiB");
	}

}
