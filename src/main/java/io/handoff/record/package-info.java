/**
 * What every kind of kept record shares, whichever capability owns it: pages of search results and versions for
 * "newest version wins" documents. Depends on nothing else of Handoff's.
 */
package io.handoff.record;
