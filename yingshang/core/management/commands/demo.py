import time

from django.core.management.base import BaseCommand, CommandError

from yingshang.core.demo import DEMO_PASSWORD, database_is_empty, demo_build
from yingshang.core.models import User
from yingshang.core.twofactor import DEMO_TOTP_KEY_HEX, current_code


class Command(BaseCommand):
    help = "生成可复现的演示城市(大连式):区划、单位、各角色用户、N 个经营主体"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=10_000, help="经营主体数量(默认 10000)")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子:相同种子生成相同城市")
        parser.add_argument("--if-empty", action="store_true", help="数据库非空时跳过而不报错(make run 使用)")
        parser.add_argument("--totp-code", action="store_true", help="只打印演示动态验证码密钥当前的 6 位验证码")

    def handle(self, *args, enterprises, seed, if_empty, totp_code=False, **options):
        if totp_code:
            self.stdout.write(current_code(DEMO_TOTP_KEY_HEX))
            return
        if not database_is_empty():
            if if_empty:
                self.stdout.write("数据库已有数据,跳过演示城市生成。")
                self._print_logins([(u.username, u.get_role_display(), str(u.unit or u.enterprise or "")) for u in User.objects.order_by("id")])
                return
            raise CommandError("数据库中已有数据;演示城市只能在空数据库中生成(可删除 var/yingshang.sqlite3 后重试)")
        if enterprises < 1:
            raise CommandError("--enterprises 必须是正整数")
        started = time.perf_counter()
        report = demo_build(enterprises=enterprises, seed=seed, progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"演示城市已生成,用时 {time.perf_counter() - started:.1f} 秒"))
        for step, seconds in report.seconds.items():
            self.stdout.write(f"  {step}: {seconds:.1f} 秒")
        self._print_logins(report.users)

    def _print_logins(self, users):
        self.stdout.write(f"演示账号(演示城市生成时密码均为 {DEMO_PASSWORD}):")
        for username, role, unit in users:
            self.stdout.write(f"  {username:<18} {role:<10} {unit}")
        import base64

        secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode().rstrip("=")
        self.stdout.write(
            f"全市范围角色(admin、operator、leader、auditor)登录后还需输入动态验证码:演示密钥 {secret}"
            "(可添加到任意 TOTP 身份验证器),或运行 `.venv/bin/yingshang demo --totp-code` 查看当前验证码。"
        )
