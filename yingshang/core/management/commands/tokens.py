import hashlib
import secrets

from django.core.management.base import BaseCommand, CommandError

from yingshang.core.audit import audited_write
from yingshang.core.auditlog import append_entry
from yingshang.core.models import ApiToken, User


class Command(BaseCommand):
    help = "API 令牌:create USERNAME NAME 生成一个令牌(只显示一次)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("name")

    def handle(self, *args, action, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在")
        key = secrets.token_urlsafe(32)
        with audited_write(None):
            token = ApiToken.objects.create(user=user, name=name, key_hash=hashlib.sha256(key.encode()).hexdigest())
            append_entry(action="core.api_token.create", object_type="core.ApiToken", object_id=token.pk, object_repr=name, after={"user": username})
        self.stdout.write(key)
