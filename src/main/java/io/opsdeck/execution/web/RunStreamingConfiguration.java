package io.opsdeck.execution.web;

import java.time.Duration;

import io.opsdeck.execution.internal.ExecutionThreads;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Streaming responses (live events, log downloads) run on the engine's I/O threads, one per client, never on a
 * small bounded pool where a hundred viewers would queue behind each other. They may stay open for 30 minutes;
 * the event stream itself closes after 25 and the browser resumes with {@code Last-Event-ID}.
 */
@Configuration(proxyBeanMethods = false)
class RunStreamingConfiguration implements WebMvcConfigurer {

	private final ObjectProvider<ExecutionThreads> threads;

	RunStreamingConfiguration(ObjectProvider<ExecutionThreads> threads) {
		this.threads = threads;
	}

	@Override
	public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
		threads.ifAvailable(available -> configurer.setTaskExecutor(available.io()));
		configurer.setDefaultTimeout(Duration.ofMinutes(30).toMillis());
	}

}
