/**
 * HTTP collectors: receives CloudEvents (single and batch) and Odoo webhook bodies, emits
 * candidates to the intake and answers at once (accept, then process).
 */
package io.handoff.ingest.http;
