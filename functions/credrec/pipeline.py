"""The use cases: process one upload, recognise one HTTP request, read results. Orchestration only.

Every path ends in exactly one stored record with a terminal status and a reason, except a
transient failure on the OSS path that FC will deliver again: then the claim is released and the
error re-raised, and the last delivery records FAILED instead (``Settings.max_deliveries``).

Order for one record (nothing billed before the last step):

    claim ─▶ head (resolve key, etag, size) ─▶ read ─▶ validate (image, or PDF with V2) ─▶ Base64 or
          presigned URL ─▶ CredentialRecognitionIntl[V2] (retried inside the invocation) ─▶ complete

Every terminal record is written with a ``decision`` (``credrec.decide``; ``Idempotency(finalize=...)``
is the one hook) computed from its stored fields and the applicant data (``expected``: HTTP body or
headers, CLI flags, or the object's ``x-oss-meta-expected-*``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .errors import (
    CredrecError,
    ImageRejectedError,
    InProgressElsewhereError,
    ObjectChangedError,
    ObjectNotFoundError,
    PermanentError,
    RetryableError,
)
from .events import OssRecord
from .extidinfo import outcome
from .idempotency import ABANDONED, Claim, ClaimState, Idempotency, exhausted, oss_record_id, record_id
from .logging import JsonLogger, key_hash
from .models import (
    Decision,
    Expected,
    ImageInput,
    ListPage,
    ObjectHead,
    Outcome,
    PolicyRef,
    Reason,
    RecognitionParams,
    Record,
    RecordError,
    Source,
    Status,
)
from .ports import AnswerVault, Clock, ObjectSource, Recognizer, ResultStore
from .retry import Attempts, Deadline, RetryPolicy, call_with_retry
from .settings import Settings
from .validation import URL_MAX_BYTES, RejectCode, validate_upload

if TYPE_CHECKING:
    from .decide.policy import Policy

T = TypeVar("T")

MIN_WORK_S = 3.0  # a delivery takes over a claim only with at least this much time left
BUSY_POLL_S = 2.0  # how often a waiting delivery re-reads a record held by another claim


@dataclass
class Invocation:
    request_id: str | None
    deadline: Deadline
    trigger: str = "oss"


@dataclass(frozen=True)
class _Loaded:
    data: bytes
    key: str | None = None  # the object key that resolved, when the image lives in the bucket
    head: ObjectHead | None = None


class Pipeline:
    def __init__(
        self,
        *,
        settings: Settings,
        recognizer: Recognizer,
        objects: ObjectSource,
        store: ResultStore,
        clock: Clock,
        logger: JsonLogger,
        rng: random.Random | None = None,
        decision_policy: Policy | None = None,
        vault: AnswerVault | None = None,
    ) -> None:
        self.settings = settings
        self._decision_policy = decision_policy
        self.vault = vault
        self.recognizer = recognizer
        self.objects = objects
        self.store = store
        self.clock = clock
        self.log = logger
        self.rng = rng or random.Random()
        self.idem = Idempotency(store, clock, max_deliveries=settings.max_deliveries,
                                give_back_hold_seconds=settings.sweep_after_seconds, finalize=self._decided)
        self.policy = RetryPolicy(
            max_attempts=settings.max_attempts,
            base_s=settings.backoff_base_ms / 1000,
            cap_s=settings.backoff_cap_ms / 1000,
        )
        self.final_write_reserve_s = settings.final_write_reserve_ms / 1000

    # ------------------------------------------------------------------ defaults

    @property
    def decision_policy(self) -> Policy:
        """The decision policy, read once per instance (``Settings.policy`` or the shipped default)."""
        if self._decision_policy is None:
            from .decide.policy import load_policy

            self._decision_policy = load_policy(self.settings.policy)
        return self._decision_policy

    @property
    def default_params(self) -> RecognitionParams:
        s = self.settings
        return RecognitionParams(doc_type=s.doc_type, ocr_area=s.ocr_area, fraud_check=s.fraud_check)

    # ------------------------------------------------------------------ OSS trigger

    def process_upload(self, entry: OssRecord, inv: Invocation, *, redrive: bool = False) -> Record:
        """One OSS event entry → one record. Raises RetryableError only when FC should retry.

        ``redrive``: the entry comes from the dead-letter queue, not from FC: it is not counted as a
        delivery and any outcome is terminal (no FC retry stands behind it)."""
        problem = entry.problem()
        if problem is not None:
            rid = record_id("oss-invalid", json.dumps(entry.raw, sort_keys=True, default=str))
            source = Source(kind="oss", bucket=entry.bucket, key=entry.key, etag=entry.etag, size=entry.size)
            error = ImageRejectedError(problem, code="INVALID_EVENT")
            return self._record_outcome(rid, source, self.default_params, error, inv)

        bucket, etag = entry.bucket or "", entry.etag or ""
        # One canonical key: the real object key, whatever encoding the event used, so the trigger
        # and POST /recognize {"oss_key"} derive the same record id (case 4 of issue #9).
        head, key = self._resolve(bucket, entry.key_candidates(), inv)
        version = entry.version_id or (head.version_id if head is not None and head.etag == etag else None)
        rid = oss_record_id(bucket, key, etag)
        source = Source(kind="oss", bucket=bucket, key=key, etag=etag, size=entry.size, version_id=version)
        return self._run(
            rid, source, self.default_params, inv,
            loader=lambda w: self._load_object(bucket, [key], etag, w, head=head, version_id=version),
            url_possible=True, fc_retries=not redrive,
        )

    def _resolve(self, bucket: str, candidates: Sequence[str], inv: Invocation) -> tuple[ObjectHead | None, str]:
        """The first candidate key that exists and its HEAD; (None, first candidate) when none does.
        A transient OSS failure propagates (FC delivers again; no record was touched)."""
        for candidate in candidates:
            try:
                return self._head(bucket, candidate, inv), candidate
            except ObjectNotFoundError:
                continue
        return None, candidates[0] if candidates else ""

    def _head(self, bucket: str, key: str, inv: Invocation) -> ObjectHead:
        return self._retry(lambda t: self.objects.head(bucket, key, timeout_s=t), inv)

    # ------------------------------------------------------------------ HTTP

    def recognize_bytes(
        self, data: bytes, params: RecognitionParams, inv: Invocation, *, idempotency_key: str | None = None,
        expected: Expected | None = None,
    ) -> Record:
        expected = _non_empty(expected)
        if idempotency_key:
            rid = record_id("http", idempotency_key)
        else:
            digest = hashlib.sha256(data).hexdigest()
            rid = record_id("http-image", digest, params.doc_type, params.ocr_area, str(params.fraud_check),
                            *_expected_parts(expected))
        source = Source(kind="http", size=len(data))
        return self._run(rid, source, params, inv, loader=lambda _w: _Loaded(data), url_possible=False,
                         fc_retries=False, expected=expected)

    def recognize_object(
        self, key: str, params: RecognitionParams, inv: Invocation, *, idempotency_key: str | None = None,
        expected: Expected | None = None,
    ) -> Record:
        """An object already in the upload bucket. Shares the trigger's record id when the parameters
        are the defaults and no applicant data is given (the object's own metadata then applies), so asking
        for an object the trigger already processed costs nothing. With applicant data it is a record of
        its own, decided for that applicant; the recognition of the same object version is reused when
        one is stored (no second API call)."""
        expected = _non_empty(expected)
        bucket = self.settings.bucket
        source = Source(kind="http", bucket=bucket, key=key)
        try:
            head = self._retry(lambda _t: self.objects.head(bucket, key), inv)
        except CredrecError as exc:
            rid = record_id("http", idempotency_key) if idempotency_key else record_id(
                "http-object-error", bucket, key, inv.request_id or str(self.clock.now()))
            return self._record_outcome(rid, source, params, exc, inv, expected=expected)
        if idempotency_key:
            rid = record_id("http", idempotency_key)
        elif params == self.default_params and expected is None:
            rid = oss_record_id(bucket, key, head.etag)
        else:
            rid = record_id("oss", bucket, key, head.etag, params.doc_type, params.ocr_area, str(params.fraud_check),
                            *_expected_parts(expected))
        source = Source(kind="http", bucket=bucket, key=key, etag=head.etag, size=head.size,
                        version_id=head.version_id)
        if expected is not None:
            plain = oss_record_id(bucket, key, head.etag) if params == self.default_params else record_id(
                "oss", bucket, key, head.etag, params.doc_type, params.ocr_area, str(params.fraud_check))
            prior = self._retry(lambda _t: self.store.get(plain), inv)
            if prior is not None and prior.status in (Status.SUCCEEDED, Status.NO_TEXT):
                return self._reuse_recognition(rid, source, params, inv, expected, prior)
        return self._run(
            rid, source, params, inv,
            loader=lambda w: self._load_object(bucket, [key], head.etag, w, head=head, version_id=head.version_id),
            url_possible=True, fc_retries=False, expected=expected,
        )

    def _reuse_recognition(
        self, rid: str, source: Source, params: RecognitionParams, inv: Invocation, expected: Expected, prior: Record
    ) -> Record:
        """A record for ``expected`` that takes its recognition from ``prior`` (same object version, same
        parameters): decided for this applicant, no API call."""
        log = self.log.bind(request_id=inv.request_id, record_id=rid, trigger=inv.trigger)
        claim = self._claim(rid, source, params, inv, count_delivery=False, expected=expected)
        if claim.state is not ClaimState.CLAIMED:
            return claim.record
        final = claim.record.model_copy(update={
            "status": prior.status, "sub_code": prior.sub_code, "success": prior.success,
            "request_id": prior.request_id, "fields": prior.fields, "fraud": prior.fraud,
            "ext_id_info": prior.ext_id_info, "note": prior.note, "delivery": prior.delivery, "error": None,
            "duration_ms": 0,
        })
        stored, won = self._retry(lambda _t: self.idem.complete(final), inv)
        log.info("record.reused", claim="reused")
        self._log_record(log, stored, won)
        return stored

    def record_rejected_request(
        self, error: CredrecError, params: RecognitionParams, inv: Invocation, *, idempotency_key: str | None = None,
        expected: Expected | None = None,
    ) -> Record:
        """A /recognize call we refused before reading any image still leaves a record."""
        rid = record_id("http", idempotency_key) if idempotency_key else record_id(
            "http-rejected", inv.request_id or "", str(self.clock.now()), str(self.rng.random()))
        return self._record_outcome(rid, Source(kind="http"), params, error, inv, expected=_non_empty(expected))

    # ------------------------------------------------------------------ recovery (see sweeper.py)

    def finish_overdue(self, rid: str, inv: Invocation, *, redrive: bool) -> tuple[Record, str] | None:
        """Take over one overdue IN_PROGRESS record and end it. None when it was not ours to take
        (finished or re-claimed meanwhile, not due). Otherwise (record, how): how is ``redrive``
        (the work was re-driven) or ``failed`` (ended FAILED without a call)."""
        lease = inv.deadline.remaining() + self.settings.lease_margin_seconds
        claim = self._retry(lambda _t: self.idem.claim_due(rid, lease_seconds=lease), inv)
        if claim.state is not ClaimState.CLAIMED:
            return None
        record = claim.record
        log = self.log.bind(request_id=inv.request_id, record_id=rid, trigger="sweep")
        kept = self._stored_from_vault(record, inv, log)
        if kept is not None:
            return kept, "vault"
        source = record.source
        bucket, key, etag = source.bucket, source.key, source.etag
        if redrive and bucket and key and etag:
            version = source.version_id
            stored = self._work(
                record, record.params, inv,
                loader=lambda w: self._load_object(bucket, [key], etag, w, version_id=version),
                url_possible=True, fc_retries=False, log=log, fresh=True,  # the vault was just checked
            )
            return stored, "redrive"
        last = record.error or RecordError(code="NO_OUTCOME", message="no delivery wrote an outcome")
        if self.idem.last_delivery(record):
            error = exhausted(last, record.deliveries)
        else:
            error = RecordError(code=ABANDONED, retryable=True, upstream_code=last.upstream_code,
                                message=f"the claim expired and no delivery came back; the last: "
                                        f"{last.code}: {last.message}")
        final = record.model_copy(update={"status": Status.FAILED, "error": error})
        stored, won = self._retry(lambda _t: self.idem.complete(final), inv)
        self._log_record(log, stored, won)
        return stored, "failed"

    def retry_call(self, fn: Callable[[float], T], inv: Invocation) -> T:
        """A store/OSS call under this pipeline's retry policy and the invocation's deadline."""
        return self._retry(fn, inv)

    # ------------------------------------------------------------------ reads

    def get(self, rid: str, inv: Invocation) -> Record | None:
        return self._retry(lambda _t: self.store.get(rid), inv)

    def list(self, inv: Invocation, *, status: Status | None, limit: int, cursor: str | None) -> ListPage:
        return self._retry(lambda _t: self.store.list(status=status, limit=limit, cursor=cursor), inv)

    # ------------------------------------------------------------------ the record flow

    def _claim(
        self, rid: str, source: Source, params: RecognitionParams, inv: Invocation, *, count_delivery: bool,
        expected: Expected | None = None,
    ) -> Claim:
        lease = inv.deadline.remaining() + self.settings.lease_margin_seconds
        return self._retry(lambda _t: self.idem.claim(
            rid, source=source, params=params, lease_seconds=lease, count_delivery=count_delivery,
            expected=expected), inv)

    def _await_holder(
        self, claim: Claim, rid: str, source: Source, params: RecognitionParams, inv: Invocation
    ) -> Claim:
        """A delivery that met a live claim waits for it while its own time allows: the holder
        finishes (DONE) or its lease runs out (a killed instance) and this delivery takes over."""
        while claim.state is ClaimState.BUSY:
            wait = claim.record.lease_until - self.clock.now()
            if wait > inv.deadline.remaining() - MIN_WORK_S:
                return claim  # the holder's lease outlasts this invocation
            self.clock.sleep(min(max(wait, 0.0) + 0.05, BUSY_POLL_S))
            claim = self._claim(rid, source, params, inv, count_delivery=False)
        return claim

    def _run(
        self,
        rid: str,
        source: Source,
        params: RecognitionParams,
        inv: Invocation,
        *,
        loader: Callable[[Invocation], _Loaded],
        url_possible: bool,
        fc_retries: bool,
        count_delivery: bool | None = None,
        expected: Expected | None = None,
    ) -> Record:
        log = self.log.bind(request_id=inv.request_id, record_id=rid, trigger=inv.trigger)
        counted = fc_retries if count_delivery is None else count_delivery
        claim = self._claim(rid, source, params, inv, count_delivery=counted, expected=expected)
        if claim.state is ClaimState.BUSY and counted:
            claim = self._await_holder(claim, rid, source, params, inv)
        if claim.state is ClaimState.DONE:
            log.info("record.duplicate", status=claim.record.status.value, claim="done")
            return claim.record
        if claim.state is ClaimState.BUSY:
            if fc_retries and self.idem.last_delivery(claim.record):
                # The live holder writes the outcome; if it was killed, the sweeper will.
                log.warning("record.left_to_holder", claim="busy", deliveries=claim.record.deliveries)
                return claim.record
            log.info("record.busy", claim="busy", deliveries=claim.record.deliveries)
            raise InProgressElsewhereError("another worker is processing this record")
        return self._work(claim.record, params, inv, loader=loader, url_possible=url_possible,
                          fc_retries=fc_retries, log=log, fresh=claim.fresh)

    def _work(
        self,
        record: Record,
        params: RecognitionParams,
        inv: Invocation,
        *,
        loader: Callable[[Invocation], _Loaded],
        url_possible: bool,
        fc_retries: bool,
        log: JsonLogger,
        fresh: bool = False,
    ) -> Record:
        """The claimed record's work: load, validate, recognise, complete (or give back).

        A record taken over from an earlier claim may have a paid answer waiting in the vault (its
        final write failed): that answer is stored and nothing is called again."""
        if not fresh:
            kept = self._stored_from_vault(record, inv, log)
            if kept is not None:
                return kept
        started = self.clock.monotonic()
        attempts = Attempts(record.attempts)
        update: dict[str, object] = {}
        # everything before the final write draws on the budget minus the final write's reserve
        work = dataclasses.replace(inv, deadline=inv.deadline.minus(self.final_write_reserve_s))
        try:
            loaded = loader(work)
            if loaded.head is not None:
                update["source"] = record.source.model_copy(update={
                    "key": loaded.key, "etag": loaded.head.etag, "size": loaded.head.size,
                    "version_id": loaded.head.version_id})
                if record.expected is None and loaded.head.metadata:
                    from .expected import from_metadata

                    update["expected"] = from_metadata(loaded.head.metadata)
            info, delivery = validate_upload(loaded.data, url_possible=url_possible and loaded.key is not None,
                                             allow_pdf=self.settings.api_version == "v2")
            update["delivery"] = delivery
            if delivery == "base64":
                image = ImageInput(data=loaded.data, format=info.format)
            else:
                # pinned to the validated version: an overwrite cannot put other bytes behind the URL
                version = loaded.head.version_id if loaded.head is not None else None
                url = self._retry(lambda _t: self.objects.presign_get(
                    record.source.bucket or "", loaded.key or "", ttl_seconds=self.settings.presign_ttl_seconds,
                    version_id=version), work)
                image = ImageInput(url=url, format=info.format)
            api_started = self.clock.monotonic()
            recognition = call_with_retry(
                lambda timeout: self.recognizer.recognize(image, params, timeout_s=timeout),
                policy=self.policy, deadline=work.deadline, clock=self.clock,
                rng=self.rng, attempts=attempts,
                on_retry=lambda exc, delay: log.warning(
                    "api.retry", error_code=exc.code, attempts=attempts.count, delay_ms=int(delay * 1000)),
            )
            if image.url is not None and (loaded.head is None or loaded.head.version_id is None):
                self._check_unchanged(record.source.bucket or "", loaded, work)
            status, note = outcome(recognition.success, recognition.sub_code)
            update.update(
                status=status, sub_code=recognition.sub_code, success=recognition.success,
                request_id=recognition.request_id, fields=recognition.fields, fraud=recognition.fraud,
                ext_id_info=recognition.ext_id_info, note=recognition.note or note, error=None,
            )
            if status is Status.FAILED:
                update["error"] = RecordError(
                    code=f"SUBCODE_{recognition.sub_code or 'MISSING'}",
                    message=f"the API answered Success={recognition.success} SubCode={recognition.sub_code}",
                )
            log.debug("api.done", api_ms=int((self.clock.monotonic() - api_started) * 1000))
        except ImageRejectedError as exc:
            update.update(status=Status.REJECTED, error=_error(exc))
        except RetryableError as exc:
            err = _error(exc)
            if fc_retries:
                given_back = record.model_copy(update={**update, "attempts": attempts.count})
                stored, terminal = self._retry(lambda _t: self.idem.release(given_back, err), inv)
                if not terminal:
                    log.warning("record.released", error_code=exc.code, attempts=attempts.count,
                                deliveries=stored.deliveries, retryable=True)
                    raise
                self._log_record(log, stored, True)
                return stored
            update.update(status=Status.FAILED, error=err)
        except PermanentError as exc:
            update.update(status=Status.FAILED, error=_error(exc))
        except Exception as exc:  # a bug must still leave a terminal record, not a stuck claim
            update.update(status=Status.FAILED, error=RecordError(
                code="INTERNAL_ERROR", message=f"unexpected {type(exc).__name__}"))
            log.error("record.internal_error", error_code="INTERNAL_ERROR")

        update.update(attempts=attempts.count, duration_ms=int((self.clock.monotonic() - started) * 1000))
        final = record.model_copy(update=update)
        try:
            stored, won = self._retry(lambda _t: self.idem.complete(final), inv)
        except CredrecError as exc:
            if "sub_code" in update:  # a paid answer: keep it for the next delivery or the sweeper
                self._keep_answer(final, inv, log, exc)
            raise
        self._log_record(log, stored, won)
        return stored

    # ------------------------------------------------------------------ paid answers

    def _keep_answer(self, final: Record, inv: Invocation, log: JsonLogger, cause: CredrecError) -> None:
        if self.vault is None:
            log.error("record.answer_lost", error_code=cause.code)
            return
        vault = self.vault
        try:
            self._retry(lambda _t: vault.keep(final), inv)
        except CredrecError as exc:
            log.error("record.answer_lost", error_code=exc.code)
            return
        log.warning("record.answer_kept", error_code=cause.code, status=final.status.value)

    def _stored_from_vault(self, record: Record, inv: Invocation, log: JsonLogger) -> Record | None:
        if self.vault is None:
            return None
        vault = self.vault
        try:
            kept = self._retry(lambda _t: vault.take(record.id), inv)
        except CredrecError as exc:
            log.warning("vault.unavailable", error_code=exc.code)
            return None
        if kept is None or not kept.status.terminal:
            return None
        final = kept.model_copy(update={"owner": record.owner, "holder": record.holder,
                                        "deliveries": max(record.deliveries, kept.deliveries)})
        stored, won = self._retry(lambda _t: self.idem.complete(final), inv)
        if won:
            try:
                self._retry(lambda _t: vault.drop(record.id), inv)
            except CredrecError:
                pass  # a stale copy is harmless: it is read only by a claim that lacks an outcome
        log.info("record.answer_restored", status=stored.status.value)
        self._log_record(log, stored, won)
        return stored

    def _check_unchanged(self, bucket: str, loaded: _Loaded, inv: Invocation) -> None:
        """Unversioned bucket: the service fetched the key, not a version. If the object changed
        meanwhile, the answer may hold another upload's data: refuse to store it."""
        if loaded.head is None or loaded.key is None:
            return
        key, etag = loaded.key, loaded.head.etag
        try:
            now = self._retry(lambda t: self.objects.head(bucket, key, timeout_s=t), inv)
        except ObjectNotFoundError as exc:
            raise ObjectChangedError("the object was deleted while the service fetched it") from exc
        if now.etag != etag:
            raise ObjectChangedError("the object was overwritten while the service fetched it; the answer "
                                     "may describe the other upload, so it is not stored")

    def _record_outcome(
        self, rid: str, source: Source, params: RecognitionParams, error: CredrecError, inv: Invocation,
        *, expected: Expected | None = None,
    ) -> Record:
        """Claim and immediately complete a record for input we refuse or cannot find."""
        log = self.log.bind(request_id=inv.request_id, record_id=rid, trigger=inv.trigger)
        claim = self._claim(rid, source, params, inv, count_delivery=False, expected=expected)
        if claim.state is not ClaimState.CLAIMED:
            return claim.record
        status = Status.REJECTED if isinstance(error, ImageRejectedError) else Status.FAILED
        final = claim.record.model_copy(update={"status": status, "error": _error(error), "duration_ms": 0})
        stored, won = self._retry(lambda _t: self.idem.complete(final), inv)
        self._log_record(log, stored, won)
        return stored

    def _load_object(
        self, bucket: str, candidates: Sequence[str], etag: str, inv: Invocation, *, head: ObjectHead | None = None,
        version_id: str | None = None,
    ) -> _Loaded:
        """The bytes of the version this record is about: ``version_id`` when known (versioned
        bucket), else the current object if its ETag is the expected one."""
        key = candidates[0] if head is not None else None
        if head is None:
            head, key = self._resolve(bucket, candidates, inv)
            if head is None:
                key = None
        if head is None or key is None:
            raise ObjectNotFoundError("the object does not exist (deleted after upload, or never written)")
        pinned = version_id or head.version_id
        if version_id is None or head.version_id == version_id:
            if etag and head.etag != etag:
                raise ObjectChangedError(
                    "the object was overwritten after this event; its new version has its own event")
            if head.size > URL_MAX_BYTES:
                raise ImageRejectedError(
                    f"image is {head.size} bytes; the limit is {URL_MAX_BYTES} bytes",
                    code=RejectCode.FILE_TOO_LARGE, http_status=413)
        expected = etag or head.etag
        data = self._retry(lambda t: self.objects.read(bucket, key, etag=expected, version_id=pinned, timeout_s=t),
                           inv)
        if len(data) > URL_MAX_BYTES:
            raise ImageRejectedError(f"image is {len(data)} bytes; the limit is {URL_MAX_BYTES} bytes",
                                     code=RejectCode.FILE_TOO_LARGE, http_status=413)
        return _Loaded(data=data, key=key, head=head.model_copy(
            update={"etag": expected, "size": len(data), "version_id": pinned}))

    def _decided(self, record: Record) -> Record:
        """The one decision hook (``Idempotency(finalize=...)``): every terminal record is written with
        its decision, whichever path ends it. A fault in the decision code must not lose the record:
        it then goes to review with the reason."""
        try:
            from .decide.decision import decide

            decision = decide(record, self.decision_policy, now=self.clock.now())
        except Exception as exc:
            self.log.error("decision.failed", record_id=record.id, error_code="DECISION_ERROR",
                           error_type=type(exc).__name__)
            decision = self._decision_error(exc)
        return record.model_copy(update={"decision": decision})

    def _decision_error(self, exc: Exception) -> Decision:
        try:
            ref = self.decision_policy.ref
        except Exception:  # the policy itself is what failed
            ref = PolicyRef(name="unavailable", version="-", sha256="-")
        return Decision(outcome=Outcome.REVIEW, policy=ref, decided_at=self.clock.now(), reasons=[
            Reason(code="DECISION_ERROR", outcome=Outcome.REVIEW,
                   message=f"the decision could not be made ({type(exc).__name__}); a person must look")])

    def _retry(self, fn: Callable[[float], T], inv: Invocation) -> T:
        return call_with_retry(fn, policy=self.policy, deadline=inv.deadline, clock=self.clock, rng=self.rng)

    def _log_record(self, log: JsonLogger, record: Record, won: bool) -> None:
        fields = dict(
            status=record.status.value, sub_code=record.sub_code, attempts=record.attempts,
            deliveries=record.deliveries, duration_ms=record.duration_ms, delivery=record.delivery,
            error_code=record.error.code if record.error else None,
            fraud_checked=record.fraud.checked, fraud_suspicious=record.fraud.suspicious,
            fraud_types=record.fraud.types, upstream_request_id=record.request_id,
            key_hash=key_hash(record.source.key), size=record.source.size, note=record.note,
            decision=record.decision.outcome.value if record.decision else None,
            decision_reasons=[r.code for r in record.decision.reasons] if record.decision else None,
            expected_given=record.expected is not None,
        )
        if not won:
            log.warning("record.superseded", **fields)
        elif record.status in (Status.SUCCEEDED, Status.NO_TEXT):
            log.info("record.completed", **fields)
        else:
            log.warning("record.completed", **fields)


def _error(exc: CredrecError) -> RecordError:
    """Records carry stable codes; an upstream service's own code is kept beside it."""
    upstream = exc.upstream_code
    code = exc.default_code if upstream and exc.code == upstream else exc.code
    return RecordError(code=code, message=exc.message, retryable=exc.retryable, upstream_code=upstream,
                       http_status=exc.http_status, detail=exc.detail)


def _non_empty(expected: Expected | None) -> Expected | None:
    return None if expected is None or expected.is_empty() else expected


def _expected_parts(expected: Expected | None) -> tuple[str, ...]:
    """Applicant data in a record id (hashed, never readable): the same image for two applicants is two
    records, each with its own decision."""
    if expected is None:
        return ()
    return ("expected", expected.name or "", expected.address or "", expected.country or "")
