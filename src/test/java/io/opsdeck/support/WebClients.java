package io.opsdeck.support;

import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * MockMvc over the whole running application (real services, real database, real security filter chain), built
 * from the shared {@link IntegrationTest} context so it starts no second application. Tests choose the caller with
 * {@code @WithMockUser(roles = ...)}.
 */
public final class WebClients {

	private WebClients() {
	}

	public static MockMvc mockMvc(WebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
	}

}
