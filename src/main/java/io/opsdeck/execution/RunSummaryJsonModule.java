package io.opsdeck.execution;

import tools.jackson.databind.module.SimpleModule;

import org.springframework.stereotype.Component;

/** Puts {@link RunSummarySerializer} into the application's JSON mapper (a module bean, as Spring Boot picks them). */
@Component
public final class RunSummaryJsonModule extends SimpleModule {

	public RunSummaryJsonModule() {
		super("opsdeck-run-summary");
		addSerializer(RunSummary.class, new RunSummarySerializer());
	}

}
