/**
 * The HTTP layer every door shares: receives requests with keys, emits the caller and its role ({@link
 * io.handoff.web.Access}), refuses at the door what carries no key or too long a body, and turns every refusal into an
 * RFC 9457 problem+json body. Depends on no capability of ours; {@code ingest.http} and {@code api} build on it.
 */
package io.handoff.web;
