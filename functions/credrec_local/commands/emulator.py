"""``credrec emulator``: a local CloudAuth-compatible ``CredentialRecognitionIntl`` server.

The official SDK (and ``credrec recognize --backend cloudauth --endpoint 127.0.0.1:8080``) talks to
it unchanged with ``protocol="http"``. Requests must be signed (ACS3-HMAC-SHA256) with the key pair
given here; recognition comes from the local engine.

``--load`` is a load-test mode, never the default: answers come from text the PNG carries
(``credrec_local.servers.pngtext``) instead of OCR, so a soak can run at the API's real rate limits. The
counters are at ``GET /metrics`` (Prometheus text).
"""

from __future__ import annotations

import typer

AllowUrlHost = typer.Option(None, "--allow-url-host", help="Host the emulator may download "
                            "CredentialOcrPictureUrl from (repeatable; loopback is always allowed).")


def register(app: typer.Typer) -> None:
    @app.command("emulator")
    def emulator(
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (keep it on loopback)."),
        port: int = typer.Option(8080, "--port", help="TCP port (0 = any free port)."),
        access_key_id: str = typer.Option(..., "--access-key-id", envvar="CREDREC_EMULATOR_ACCESS_KEY_ID",
                                          help="AccessKeyId the emulator accepts."),
        access_key_secret: str = typer.Option(..., "--access-key-secret", envvar="CREDREC_EMULATOR_ACCESS_KEY_SECRET",
                                              help="Its secret (prefer the environment variable).", show_default=False),
        security_token: str | None = typer.Option(
            None, "--security-token", envvar="CREDREC_EMULATOR_SECURITY_TOKEN",
            help="Treat the key as STS: requests must carry this token.", show_default=False),
        qps: int | None = typer.Option(None, "--qps", min=1, help="Requests per second before 403 Throttling.Api."),
        error_rate: float = typer.Option(0.0, "--error-rate", min=0.0, max=1.0,
                                         help="Share of requests answered 500 InternalError."),
        timeout_rate: float = typer.Option(0.0, "--timeout-rate", min=0.0, max=1.0,
                                           help="Share of requests left unanswered (they hang, then the "
                                                "connection closes): the client's read timeout fires."),
        timeout_hang_s: float = typer.Option(30.0, "--timeout-hang-s", min=0.0,
                                             help="How long an unanswered request hangs (above the client's "
                                                  "read timeout)."),
        load: bool = typer.Option(False, "--load", help="LOAD-TEST MODE: answer from the text PNG images carry "
                                  "(credrec_local.servers.pngtext), no OCR; sustains >= 50 QPS. Not for recognition."),
        latency_ms: int = typer.Option(0, "--latency-ms", min=0, help="Added to every authenticated answer."),
        retry_after_ms: int | None = typer.Option(
            None, "--retry-after-ms", min=1, help="Send x-acs-retry-after with throttling answers."),
        success_code: str = typer.Option("Success", "--success-code", help='Code of a success answer ("Success" or "200").'),
        allow_url_host: list[str] | None = AllowUrlHost,
        seed: int | None = typer.Option(None, "--seed", help="Seed for --error-rate and --timeout-rate."),
        preload: bool = typer.Option(True, "--preload/--no-preload", help="Load the OCR engine before serving."),
    ) -> None:
        """Serve CredentialRecognitionIntl (cloudauth-intl 2022-08-09) over HTTP, backed by the local engine."""
        from credrec_local.servers.emulator import METRICS_PATH, Emulator

        engine = None
        if load:
            from credrec_local.servers.pngtext import PngTextEngine
            engine = PngTextEngine()
        emu = Emulator(
            engine,
            host=host,
            port=port,
            credentials={access_key_id: access_key_secret},
            sts_tokens={access_key_id: security_token} if security_token else None,
            qps=qps,
            error_rate=error_rate,
            timeout_rate=timeout_rate,
            timeout_hang_s=timeout_hang_s,
            latency_ms=latency_ms,
            retry_after_ms=retry_after_ms,
            success_code=success_code,
            url_allowlist=allow_url_host or (),
            seed=seed,
        )
        if preload and not load:
            typer.echo("loading the recognition engine…", err=True)
            emu.service.engine()
        emu.start()
        typer.echo(f"CloudAuth emulator on http://{emu.endpoint}  (SDK: endpoint={emu.endpoint!r}, protocol='http', "
                   f"access key id {access_key_id!r})", err=True)
        if load:
            typer.echo("LOAD-TEST MODE: answers come from PNG text chunks, not from OCR.", err=True)
        typer.echo(f"metrics: http://{emu.endpoint}{METRICS_PATH}   Ctrl-C to stop.", err=True)
        try:
            emu.serve_forever()
        except KeyboardInterrupt:
            pass
