package io.opsdeck.maintenance.internal;

import java.util.List;
import java.util.Map;

import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogue against the seed's Maintenance Procedures, the suggested-schedule link and note rules. */
class ChecklistTests {

	@Test
	void everySeedItemIsThereOnceInTheSeedsOrder() {
		assertThat(Checklist.items()).extracting(ChecklistItem::id).doesNotHaveDuplicates();
		assertThat(Checklist.items()).extracting(ChecklistItem::title)
			.containsSubsequence("Review application logs for errors", "Check disk space usage",
					"Verify backup completion", "Apply security updates", "Review and clean old Docker images",
					"Test backup restoration", "Review firewall logs", "Full system updates (kernel, all packages)",
					"Disaster Recovery Drill (mandatory)", "Security audit", "Performance review",
					"Documentation updates", "SSL certificate renewal (automatic with Caddy)",
					"Infrastructure review", "Capacity planning", "Update dependencies");
		assertThat(Checklist.items()).hasSize(17);
		assertThat(Checklist.items()).extracting(ChecklistItem::frequency).isSorted();
		assertThat(Checklist.items()).filteredOn(ChecklistItem::automatable).allMatch(ChecklistItem::perEnvironment);
		assertThat(Checklist.find("verify-backups")).get()
			.satisfies(item -> assertThat(item.automation().action()).isEqualTo("backup-verify"));
		assertThat(Checklist.find("nope")).isEmpty();
	}

	@Test
	void theCreateLinkPrefillsTheScheduleFormWithTheSuggestion() {
		ChecklistItem.Automation drill = Checklist.find("dr-drill").orElseThrow().automation();
		assertThat(ChecklistJudge.createLink(drill, "staging")).isEqualTo("/schedules/new?environment=staging"
				+ "&action=drill&name=staging+quarterly+DR+drill&cron=0+0+2+%3F+1%2C4%2C7%2C10+MON%231"
				+ "&misfirePolicy=fire-once&description=Mandatory+quarterly+drill+%28seed%3A+DR+Drill+Schedule%29%3A+"
				+ "first+Monday+of+each+quarter+at+02%3A00&drillType=full");
		assertThat(Map.of("mode", "security")).satisfies(m -> assertThat(
				Checklist.find("security-updates").orElseThrow().automation().suggestion()).containsAllEntriesOf(m));
	}

	@Test
	void withoutAnyEnvironmentPerEnvironmentItemsSaySo() {
		MaintenanceTickRepository noTicks = (MaintenanceTickRepository) java.lang.reflect.Proxy.newProxyInstance(
				getClass().getClassLoader(), new Class<?>[] { MaintenanceTickRepository.class },
				(proxy, method, args) -> List.of());
		io.opsdeck.inventory.Inventory none = new io.opsdeck.inventory.Inventory() {
			@Override
			public List<io.opsdeck.inventory.EnvironmentSummary> environments() {
				return List.of();
			}

			@Override
			public List<io.opsdeck.inventory.ServerTarget> allServers() {
				return List.of();
			}

			@Override
			public java.util.Optional<io.opsdeck.inventory.EnvironmentSummary> findEnvironment(String name) {
				return java.util.Optional.empty();
			}

			@Override
			public List<io.opsdeck.inventory.ServerTarget> serversOf(String environment) {
				return List.of();
			}

			@Override
			public List<io.opsdeck.inventory.ServerTarget> servers(java.util.Collection<java.util.UUID> ids) {
				return List.of();
			}

			@Override
			public boolean trustHostKey(java.util.UUID serverId, String fingerprint, String hostKey) {
				return false;
			}
		};
		ChecklistView view = new ChecklistService(noTicks, none, (action, environment) -> List.of()).checklist(null);
		assertThat(view.items()).filteredOn(ChecklistView.Item::perEnvironment)
			.isNotEmpty()
			.allSatisfy(item -> {
				assertThat(item.entries()).isEmpty();
				assertThat(item.note()).isEqualTo(ChecklistView.NO_ENVIRONMENT);
			});
		assertThat(view.items()).filteredOn(item -> !item.perEnvironment())
			.allSatisfy(item -> assertThat(item.note()).isNull());
	}

	@Test
	void notesAreOneShortLine() {
		assertThat(ChecklistService.checkNote(null)).isNull();
		assertThat(ChecklistService.checkNote("   ")).isNull();
		assertThat(ChecklistService.checkNote("  fine ")).isEqualTo("fine");
		assertThat(ChecklistService.checkNote("é".repeat(500))).hasSize(500);
		assertThat(ChecklistService.checkNote("\uD83D\uDE00".repeat(500))).as("length in code points")
			.hasSize(1000);
		for (String bad : List.of("x".repeat(501), "a\nb", "tab\there", "bell\u0007", "\uD83D\uDE00".repeat(501),
				"line\u2028two", "para\u2029two", "abc\u202Edef", "x\u202Ay", "x\u2066y", "x\u2069y")) {
			assertThatThrownBy(() -> ChecklistService.checkNote(bad)).isInstanceOf(InvalidInputException.class)
				.extracting(ex -> ((InvalidInputException) ex).field())
				.isEqualTo("note");
		}
	}

}
