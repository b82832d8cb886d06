package io.opsdeck.support;

import java.nio.file.Path;

/**
 * Where tests write generated documentation (screenshots, the module diagram): under {@code target/docs/} by
 * default, so an ordinary test run leaves the work tree clean, and into the committed {@code docs/} when run with
 * {@code -Dopsdeck.update-docs=true}.
 */
public final class DocsOutput {

	private DocsOutput() {
	}

	/**
	 * @param relative a folder below {@code docs/}, e.g. {@code images}
	 * @return the folder to write to
	 */
	public static Path directory(String relative) {
		Path base = Browser.projectDirectory();
		return Boolean.getBoolean("opsdeck.update-docs") ? base.resolve("docs").resolve(relative)
				: base.resolve("target/docs").resolve(relative);
	}

}
