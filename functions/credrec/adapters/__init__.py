"""Cloud adapters: the ports of ``credrec.ports`` over Alibaba Cloud's official SDKs.

* ``cloudauth.CloudAuthRecognizer``  — Recognizer over alibabacloud-cloudauth-intl20220809
* ``oss.OssObjectSource``            — ObjectSource over alibabacloud-oss-v2
* ``tablestore.TablestoreResultStore`` — ResultStore over tablestore

Every SDK is imported lazily, on first use: importing this package (or any adapter module) pulls
in no SDK, so a cold start pays only for what the invocation touches. SDK exceptions are translated
at the adapter edge by the tables in ``_errors.py``; nothing above an adapter sees an SDK type.
"""
