# The SMTP sandbox (mailpace-sandbox) in a container, installed from this
# repository's npm package, so the image runs exactly what `npm pack` ships.
#
#   npm pack                                  # makes mailpace-smtp-playground-<version>.tgz here
#   docker build -t mailpace-sandbox .        # or: podman build -t mailpace-sandbox .
#   docker run --rm -p 127.0.0.1:2525:2525 -p 127.0.0.1:2465:2465 -p 127.0.0.1:2580:2580 \
#     mailpace-sandbox --ui-password CHOOSE-ONE
#
# Inside the container the sandbox must bind 0.0.0.0, or published ports reach
# nothing. The sandbox then asks for --ui-password (the inbox holds mail), so the
# container will not start without one. Publish to 127.0.0.1 as above to keep the
# ports on your own machine. The self-signed certificate names localhost and
# 127.0.0.1, so clients that connect there can verify it: add
# `--write-cert /out/cert.pem` with `-v "$PWD:/out" --user "$(id -u)"` to get it.
#
# Base image: node:24-slim by default. This project's CI reaches no container
# registry, so it cannot pull that image; its test builds FROM a local stand-in of
# the same shape (Debian 12 plus Node 24 and npm in /usr/local), made by
# .ci/container-base.sh and passed as --build-arg BASE=...
ARG BASE=node:24-slim
FROM ${BASE}

# Only for networks that reach the npm registry through a TLS proxy with its own
# certificate authority: the path of a CA bundle mounted into the build
# (podman build -v), which Node then trusts besides its own. Unset elsewhere; an
# ARG, so it stays out of the image.
ARG NODE_EXTRA_CA_CERTS
COPY mailpace-smtp-playground-*.tgz /tmp/sandbox.tgz
# A throwaway npm cache: the image keeps the installed package only.
RUN npm install --global --no-audit --no-fund --cache /tmp/npm-cache /tmp/sandbox.tgz \
  && rm -rf /tmp/sandbox.tgz /tmp/npm-cache

# STARTTLS, TLS from the first byte, and the inbox with its HTTP API.
EXPOSE 2525 2465 2580
# Not root: the ports are above 1024. 65534 (nobody) exists in every Debian base.
USER 65534:65534
ENTRYPOINT ["mailpace-sandbox", "--host", "0.0.0.0"]
