package fr.maillage.partnership.api;

import java.util.List;

/** One page of a list: {@code {items, page, size, total}}, pages counted from 0. */
record Page<T>(List<T> items, int page, int size, long total) {
}
