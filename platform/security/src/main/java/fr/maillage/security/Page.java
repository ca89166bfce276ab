package fr.maillage.security;

import java.util.List;

/** One page of a list, as every list of the API answers: {@code {items, page, size, total}}, pages counted from 0. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
