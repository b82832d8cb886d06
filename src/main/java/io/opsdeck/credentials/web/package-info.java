/**
 * The credentials pages ({@code /credentials}) and REST API ({@code /api/v1/credentials}): key material goes in,
 * only metadata comes out.
 */
package io.opsdeck.credentials.web;
