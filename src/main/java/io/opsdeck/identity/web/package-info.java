/**
 * The identity module's web side: the two security filter chains (API with bearer tokens or the browser session,
 * pages with form login), the login page, the token page and the token / me API.
 */
package io.opsdeck.identity.web;
