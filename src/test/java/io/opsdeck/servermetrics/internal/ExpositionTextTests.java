package io.opsdeck.servermetrics.internal;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExpositionTextTests {

	@Test
	void readsNamesLabelsWithEscapesAndGoFloats() {
		List<ExpositionText.Sample> samples = ExpositionText.parse("""
				# HELP node_load1 1m load average.
				# TYPE node_load1 gauge
				node_load1 7.36
				node_filesystem_avail_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} 7.9521521664e+10
				msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
				weird{a="x"} +Inf 1395066363000
				nan_value NaN
				broken{a="unterminated} 1
				not_a_number{} abc
				""");
		assertThat(samples).extracting(ExpositionText.Sample::name)
			.containsExactly("node_load1", "node_filesystem_avail_bytes", "msdos_file_access_time_seconds", "weird",
					"nan_value");
		assertThat(samples.get(0).value()).isEqualTo(7.36);
		assertThat(samples.get(1).labels()).containsEntry("mountpoint", "/").containsEntry("fstype", "ext4");
		assertThat(samples.get(1).value()).isEqualTo(79_521_521_664.0);
		assertThat(samples.get(2).labels()).isEqualTo(
				Map.of("path", "C:\\DIR\\FILE.TXT", "error", "Cannot find file:\n\"FILE.TXT\""));
		assertThat(samples.get(3).value()).isInfinite();
		assertThat(samples.get(4).value()).isNaN();
	}

	@Test
	void computesCpuMemoryDiskAndLoadAsFreeAndDfDo() {
		NodeReading first = NodeReading.of(ExpositionText.parse("""
				node_cpu_seconds_total{cpu="0",mode="idle"} 100
				node_cpu_seconds_total{cpu="0",mode="user"} 50
				node_cpu_seconds_total{cpu="1",mode="idle"} 100
				node_cpu_seconds_total{cpu="1",mode="system"} 50
				node_memory_MemAvailable_bytes 2.5e+09
				node_memory_MemTotal_bytes 1e+10
				node_filesystem_size_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} 1000
				node_filesystem_free_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} 300
				node_filesystem_avail_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} 250
				node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 10
				node_load1 0.42
				"""));
		assertThat(first.cpuIdleSeconds()).isEqualTo(200.0);
		assertThat(first.cpuTotalSeconds()).isEqualTo(300.0);
		assertThat(first.memoryPercent()).isCloseTo(75.0, within(1e-9));
		// df: used = size - free = 700, Use% = 700 / (700 + 250)
		assertThat(first.diskPercent()).isCloseTo(73.684, within(0.001));
		assertThat(first.load1()).isEqualTo(0.42);
		// 100 s more on the clock of two CPUs, 50 of them idle: 75 % busy
		NodeReading second = new NodeReading(250.0, 500.0, null, null, null);
		assertThat(second.cpuPercentSince(first.cpuIdleSeconds(), first.cpuTotalSeconds()))
			.isCloseTo(75.0, within(1e-9));
		// counters reset by a reboot: no value rather than a wrong one
		assertThat(new NodeReading(10.0, 20.0, null, null, null).cpuPercentSince(200.0, 300.0)).isNull();
		assertThat(NodeReading.of(List.of())).isEqualTo(new NodeReading(null, null, null, null, null));
	}

	@Test
	void notANumberInfiniteAndNegativeValuesAreUnknownNeverStored() {
		NodeReading reading = NodeReading.of(ExpositionText.parse("""
				node_cpu_seconds_total{cpu="0",mode="idle"} NaN
				node_cpu_seconds_total{cpu="0",mode="user"} 50
				node_memory_MemAvailable_bytes -1
				node_memory_MemTotal_bytes 1e+10
				node_filesystem_size_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} +Inf
				node_filesystem_free_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} 300
				node_filesystem_avail_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} 250
				node_load1 -Inf
				"""));
		assertThat(reading).isEqualTo(new NodeReading(null, null, null, null, null));
		assertThat(reading.isEmpty()).isTrue();
		// an HTTP 200 answer of something else than node_exporter holds none of the metrics
		assertThat(NodeReading.of(ExpositionText.parse("http_requests_total 3\n")).isEmpty()).isTrue();
		assertThat(NodeReading.of(ExpositionText.parse("node_load1 0.5\n")).isEmpty()).isFalse();
	}

}
