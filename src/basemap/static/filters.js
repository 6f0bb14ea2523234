/* basemap filters: filter, search and the address that keeps them.
 * Filled in by the filters work. */
