/**
 * Specifications of what ships beside the code: the container image ({@code Dockerfile}), the nginx
 * reverse proxy ({@code nginx/}), the compose playground ({@code compose/}) and the Kubernetes
 * manifests ({@code k8s/}).
 *
 * <p>Where a real tool exists on the machine, the tests drive it: nginx runs with the shipped
 * configuration in front of the real service jar, kubectl renders every overlay, openssl makes
 * certificates, {@code sh} runs the image's entrypoint script. A missing tool skips its tests
 * locally and fails them in CI ({@code CI=true}), naming the Debian package to install. Nothing
 * here needs a Docker engine; what only a Docker engine could show (the image builds, compose
 * starts) is checked as consistency of the files instead.
 *
 * <p>These tests read the repository's files and never change them.
 */
package dev.commandeer.shipping;
