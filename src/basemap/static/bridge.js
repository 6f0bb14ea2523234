/* basemap bridge: what a page embedding this map (the comparison page) may
 * ask of it by postMessage. Filled in by the comparison work. */
