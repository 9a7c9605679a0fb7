"""The peer of the S3 benchmark's upload: one object of UPLOAD_MIB MiB sent by boto3's managed
transfer, with the parts (8 MiB) and parts in flight (4) of S3Store's defaults, to the server the
AWS_* variables name; best of RUNS. Prints `boto3 upload: <MB/s> MB/s`.
"""

import io
import os
import time

import boto3
from boto3.s3.transfer import TransferConfig

mebibytes = int(os.environ.get("UPLOAD_MIB", "512"))
runs = int(os.environ.get("RUNS", "3"))
client = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
client.create_bucket(Bucket="boto3-peer")
chunk = bytes((i * 31 + (i >> 11)) & 0xFF for i in range(1 << 20))
data = chunk * mebibytes
config = TransferConfig(multipart_threshold=8 << 20, multipart_chunksize=8 << 20, max_concurrency=4)
best = float("inf")
for _ in range(runs):
    started = time.perf_counter()
    client.upload_fileobj(io.BytesIO(data), "boto3-peer", "upload/large.bin", Config=config)
    best = min(best, time.perf_counter() - started)
print(f"boto3 upload of one {mebibytes} MiB object, best of {runs}: {len(data) / 1e6 / best:.0f} MB/s")
