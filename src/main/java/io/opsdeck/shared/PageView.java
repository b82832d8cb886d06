package io.opsdeck.shared;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/**
 * One page of a list as the API returns it.
 *
 * @param items the elements on this page
 * @param page zero-based page number
 * @param size requested page size
 * @param totalItems number of elements over all pages
 * @param totalPages number of pages
 * @param <T> element type
 */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

	/** Converts a Spring Data page, mapping each element. */
	public static <S, T> PageView<T> of(Page<S> page, Function<S, T> mapper) {
		return new PageView<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
				page.getTotalElements(), page.getTotalPages());
	}

}
