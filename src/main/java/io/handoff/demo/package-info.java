/**
 * The demo workload: a simulated consulting firm whose time tool, Odoo and middleware send events
 * through the same edge as real collectors, so every dashboard series moves within a minute.
 */
package io.handoff.demo;
