package io.opsdeck.execution.internal.ansible;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtraVarsTests {

	@Test
	void marksEveryStringAndNestedKeyUnsafe() {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("cmd", "{{ lookup('pipe','id') }}");
		vars.put("count", 3);
		vars.put("ratio", 0.5);
		vars.put("on", true);
		vars.put("nothing", null);
		vars.put("list", List.of("a", 1));
		vars.put("map", Map.of("{{ k }}", "v"));
		String yaml = ExtraVars.toYaml(vars);
		assertThat(yaml).isEqualTo("{\"cmd\": !unsafe \"{{ lookup('pipe','id') }}\", \"count\": 3, \"ratio\": 0.5, "
				+ "\"on\": true, \"nothing\": null, \"list\": [!unsafe \"a\", 1], \"map\": {!unsafe \"{{ k }}\": !unsafe \"v\"}}\n");
	}

	@Test
	void escapesWhatYamlDoesNotAllowRaw() {
		StringBuilder out = new StringBuilder();
		ExtraVars.quote(out, "a\"b\\c\nd\u0007e\u007f\u00e9\ud83d\ude00");
		assertThat(out.toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\u0007e\\u007F\u00e9\ud83d\ude00\"");
	}

	@Test
	void refusesConnectionAndMagicVariables() {
		assertThatThrownBy(() -> ExtraVars.validate("extraVars", Map.of("ansible_ssh_common_args", "-o ProxyCommand=x")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("reserved")
			.extracting("field")
			.isEqualTo("extraVars.ansible_ssh_common_args");
		assertThatThrownBy(() -> ExtraVars.validate("extraVars", Map.of("Ansible_Become", true)))
			.isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> ExtraVars.validate("extraVars", Map.of("hostvars", 1)))
			.isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> ExtraVars.validate("extraVars", Map.of("1bad", 1)))
			.isInstanceOf(InvalidInputException.class);
	}

	@Test
	void acceptsOrdinaryVariables() {
		ExtraVars.validate("extraVars", Map.of("deploy_env", "staging", "retention_days", 30));
	}

}
