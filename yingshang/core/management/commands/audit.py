from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yingshang.core.audit import audited_write
from yingshang.core.auditcheckpoint import CheckpointError, verify_with_checkpoints, write_checkpoint
from yingshang.core.auditkeys import generate_key_file, keyring
from yingshang.core.auditlog import seal_chain, seal_needed


class Command(BaseCommand):
    help = "审计日志:verify 核验(密钥认证码与检查点)、checkpoint 写出签名检查点、seal 以当前密钥封存、keygen 生成或轮换密钥"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="核验审计链:被修改、删除、插入的记录,无密钥重算,检查点之后的改写")
        verify.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                            help="审计员保存的检查点文件(可多次给出);另外总会核对 YINGSHANG_AUDIT_CHECKPOINT_DIR 中的检查点")
        checkpoint = sub.add_parser("checkpoint", help="把当前链尾写成以密钥签名的检查点文件,交审计员保存")
        checkpoint.add_argument("--out", required=True, metavar="FILE")
        seal = sub.add_parser("seal", help="追加一条以当前密钥认证的封存记录(配置密钥或轮换密钥之后)")
        seal.add_argument("--if-needed", action="store_true", help="链尾已由当前密钥认证时什么也不做")
        keygen = sub.add_parser("keygen", help="生成审计密钥文件(默认 YINGSHANG_AUDIT_KEY_FILE)")
        keygen.add_argument("--file", default="", help="密钥文件路径")
        keygen.add_argument("--rotate", action="store_true", help="在已有文件末尾追加新密钥(旧密钥保留,用于核验旧记录)")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_verify(self, *, checkpoint, **options):
        report = verify_with_checkpoints(checkpoint)
        if not report.ok:
            raise CommandError(f"哈希链异常:{report.problem}(已核验 {report.checked} 条)")
        ring = keyring()
        detail = f"其中 {report.keyed} 条以密钥认证"
        if report.checkpoints:
            detail += f",与 {report.checkpoints} 个检查点一致"
        self.stdout.write(self.style.SUCCESS(f"哈希链完整:已核验 {report.checked} 条记录({detail})"))
        if ring.current is None:
            self.stdout.write(self.style.WARNING("注意:未配置审计密钥(YINGSHANG_AUDIT_KEY / YINGSHANG_AUDIT_KEY_FILE),新记录只有普通哈希,无法防止重算"))

    def handle_checkpoint(self, *, out, **options):
        try:
            document = write_checkpoint(out)
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已写出检查点 {out}:第 {document['seq']} 条,链尾 {document['hash']}"))

    def handle_seal(self, *, if_needed, **options):
        if keyring().current is None:
            raise CommandError("未配置审计密钥(YINGSHANG_AUDIT_KEY 或 YINGSHANG_AUDIT_KEY_FILE),无法封存")
        if if_needed and not seal_needed():
            return
        with audited_write(None):
            entry = seal_chain(reason="yingshang audit seal")
        self.stdout.write(self.style.SUCCESS(f"已封存:第 {entry.seq} 条记录以密钥 {entry.key_id} 认证"))

    def handle_keygen(self, *, file, rotate, **options):
        path = Path(file or settings.YINGSHANG_AUDIT_KEY_FILE or "")
        if not str(path) or str(path) == ".":
            raise CommandError("请用 --file 指定密钥文件,或设置 YINGSHANG_AUDIT_KEY_FILE")
        written, key_id = generate_key_file(path, rotate=rotate)
        if written:
            self.stdout.write(self.style.SUCCESS(f"已写入审计密钥 {key_id} 到 {path}(仅所有者可读;请另行备份,切勿放入数据库或代码库)"))
        else:
            self.stdout.write(f"审计密钥文件已存在:{path}(当前密钥 {key_id})")
