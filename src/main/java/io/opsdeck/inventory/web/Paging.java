package io.opsdeck.inventory.web;

/** Bounds for page parameters: page from 0, size 1 to 200. */
final class Paging {

	static final int MAX_SIZE = 200;

	private Paging() {
	}

	static int page(int page) {
		return Math.max(page, 0);
	}

	static int size(int size) {
		return Math.min(Math.max(size, 1), MAX_SIZE);
	}

}
