package io.opsdeck.shared;

import java.util.function.IntFunction;


/**
 * Bounds for page parameters: {@code page} from 0 to {@value #MAX_PAGE}, {@code size} from 1 to {@value #MAX_SIZE}.
 * The bounds keep the row offset ({@code page * size}) far below {@link Integer#MAX_VALUE}, which the database query
 * takes as an {@code int}. Every list endpoint and list page uses them.
 */
public final class Paging {

	public static final int MAX_PAGE = 1_000_000;

	public static final int MAX_SIZE = 200;

	private Paging() {
	}

	/**
	 * @return {@code page}, checked for the API
	 * @throws InvalidInputException on {@code page} outside 0 to {@value #MAX_PAGE}
	 */
	public static int page(int page) {
		if (page < 0 || page > MAX_PAGE) {
			throw new InvalidInputException("page", "must be between 0 and " + MAX_PAGE);
		}
		return page;
	}

	/**
	 * @return {@code size}, checked for the API
	 * @throws InvalidInputException on {@code size} outside 1 to {@value #MAX_SIZE}
	 */
	public static int size(int size) {
		if (size < 1 || size > MAX_SIZE) {
			throw new InvalidInputException("size", "must be between 1 and " + MAX_SIZE);
		}
		return size;
	}

	/**
	 * For the pages, which show something for any {@code ?page=} a person may type or keep as a bookmark: the
	 * requested page brought into 0 to {@value #MAX_PAGE}, or the last page when it lies past the end.
	 * @param page requested page
	 * @param load loads one page by number
	 * @return the page to show
	 */
	public static <T> PageView<T> forPage(int page, IntFunction<PageView<T>> load) {
		PageView<T> found = load.apply(Math.min(Math.max(page, 0), MAX_PAGE));
		if (found.items().isEmpty() && found.page() > 0 && found.totalPages() > 0) {
			return load.apply(found.totalPages() - 1);
		}
		return found;
	}

}
