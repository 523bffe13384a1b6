"""A large language model behind an OpenAI-compatible endpoint (vLLM, llama.cpp, Ollama, Xinference…).

Meant for a model that runs inside the government network: the appeal text is sent to ``base_url``,
so never point it at a public service. Only the standard library is used (``urllib``), so the
platform carries no SDK dependency for a feature that is off by default.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

from .base import AppealClassifier, ClassificationError, ClassifierUnavailable, Suggestion
from .preprocess import clean_text

SYSTEM_PROMPT = (
    "你是12345政务服务便民热线的诉求分类员。请从给定的标签清单中,为市民或企业的诉求选出最可能的标签,"
    "最多 {k} 个,按可能性从高到低排列,并给出 0 到 1 之间的置信度(各标签置信度之和不超过 1)。"
    "只能使用清单中的标签,原样写出完整路径(层级之间用“{sep}”分隔)。"
    '只输出 JSON,格式为 {{"labels": [{{"label": "标签路径", "confidence": 0.8}}]}},不要输出其他内容。\n'
    "标签清单:\n{labels}"
)
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


def _key(label: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))


class OpenAICompatibleClassifier:
    """Asks a chat-completions endpoint to pick labels from the taxonomy; implements ``AppealClassifier``.

    ``labels`` is the label set (full paths). With ``candidates`` (another classifier, typically the
    trained default model), the prompt lists only its ``n_candidates`` best labels for the text: a
    short prompt suits small local models and keeps latency low. Network failures, timeouts, HTTP
    errors and unparseable answers raise ``ClassifierUnavailable``. Proxy variables of the environment
    are ignored unless ``use_environment_proxy``.
    """

    def __init__(self, base_url: str, model: str, api_key: str | None = None, *, labels: Sequence[str],
                 level_sep: str = "/", timeout: float = 30.0, candidates: AppealClassifier | None = None,
                 n_candidates: int = 20, json_mode: bool = True, max_text_chars: int = 2000,
                 concurrency: int = 4, use_environment_proxy: bool = False):
        if not base_url or not model:
            raise ClassificationError("大模型接口地址和模型名称不能为空")
        if not labels:
            raise ClassificationError("大模型分类器需要标签清单")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = api_key
        self.labels = list(dict.fromkeys(labels))
        self.level_sep = level_sep
        self.timeout = timeout
        self.candidates = candidates
        self.n_candidates = n_candidates
        self.json_mode = json_mode
        self.max_text_chars = max_text_chars
        self.concurrency = max(1, concurrency)
        # An HTTP(S)_PROXY set for reaching the internet must not carry appeal texts off the intranet.
        self._opener = urllib.request.build_opener(*(() if use_environment_proxy else (urllib.request.ProxyHandler({}),)))
        self._by_key = {_key(label): label for label in self.labels}
        self._by_leaf: dict[str, list[str]] = {}
        for label in self.labels:
            self._by_leaf.setdefault(_key(label.rsplit(level_sep, 1)[-1]), []).append(label)

    def __repr__(self) -> str:  # never show the key in logs
        return f"OpenAICompatibleClassifier(base_url={self.base_url!r}, model={self.model!r})"

    # -- the request ---------------------------------------------------------------------------------
    def _labels_for(self, text: str) -> list[str]:
        if self.candidates is None:
            return self.labels
        suggested = [s.label for s in self.candidates.suggest(text, k=self.n_candidates)]
        return [label for label in suggested if _key(label) in self._by_key] or self.labels

    def _request_body(self, text: str, k: int) -> dict:
        prompt = SYSTEM_PROMPT.format(k=k, sep=self.level_sep, labels="\n".join(self._labels_for(text)))
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": prompt},
                {"role": "user", "content": f"诉求内容:{text}"},
            ],
        }
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    def _post(self, body: dict) -> dict:
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions",
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {self._api_key}"} if self._api_key else {})},
            method="POST",
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise ClassifierUnavailable(f"大模型接口返回错误 HTTP {error.code}({self.base_url})") from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise ClassifierUnavailable(f"无法连接大模型接口 {self.base_url}:{getattr(error, 'reason', error)}") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ClassifierUnavailable("大模型接口返回的不是 JSON") from error

    # -- the answer ----------------------------------------------------------------------------------
    def _resolve(self, label: object) -> str | None:
        """A label from the answer mapped onto the label set (exact path, or an unambiguous leaf name)."""
        if not isinstance(label, str):
            return None
        key = _key(label)
        if key in self._by_key:
            return self._by_key[key]
        matches = self._by_leaf.get(_key(label.rsplit(self.level_sep, 1)[-1]), [])
        return matches[0] if len(matches) == 1 else None

    def parse_answer(self, content: str, k: int) -> list[Suggestion]:
        """Suggestions from the model's message: known labels only, confidences clipped, sum ≤ 1."""
        content = content.strip()
        found = _JSON_OBJECT.search(content)
        try:
            answer = json.loads(found.group(0) if found else content)
        except json.JSONDecodeError as error:
            raise ClassifierUnavailable("大模型的回答不是有效的 JSON") from error
        if isinstance(answer, dict):
            # {"labels": [...]}, or a single {"label": ..., "confidence": ...} from a terse model
            items = answer.get("labels", [answer] if "label" in answer else [])
        else:
            items = answer
        if not isinstance(items, list):
            raise ClassifierUnavailable("大模型的回答缺少 labels 列表")
        best: dict[str, float] = {}
        for item in items:
            if isinstance(item, str):
                label, confidence = self._resolve(item), 0.0
            elif isinstance(item, dict):
                label = self._resolve(item.get("label"))
                try:
                    confidence = float(item.get("confidence", 0.0))
                except (TypeError, ValueError):
                    confidence = 0.0
            else:
                continue
            if label is None:
                continue
            confidence = min(1.0, max(0.0, confidence)) if confidence == confidence else 0.0  # NaN → 0
            best[label] = max(best.get(label, 0.0), confidence)
        total = sum(best.values())
        scale = 1.0 / total if total > 1.0 else 1.0
        ranked = sorted(best.items(), key=lambda item: -item[1])[:k]
        return [Suggestion(label, confidence * scale) for label, confidence in ranked]

    # -- AppealClassifier ----------------------------------------------------------------------------
    def suggest(self, text: str, k: int = 3) -> list[Suggestion]:
        text = clean_text(text, max_chars=self.max_text_chars)
        if not text:
            return []
        reply = self._post(self._request_body(text, k))
        try:
            content = reply["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as error:
            raise ClassifierUnavailable("大模型接口的返回缺少 choices[0].message.content") from error
        return self.parse_answer(content or "", k)

    def suggest_many(self, texts: Sequence[str], k: int = 3) -> list[list[Suggestion]]:
        """One request per text, ``concurrency`` at a time (chat endpoints take one conversation each)."""
        with ThreadPoolExecutor(self.concurrency) as pool:
            return list(pool.map(lambda text: self.suggest(text, k), texts))


class FallbackClassifier:
    """Uses ``primary`` and, when it is unavailable, ``fallback`` (e.g. an LLM, then the default model)."""

    def __init__(self, primary: AppealClassifier, fallback: AppealClassifier):
        self.primary = primary
        self.fallback = fallback

    def suggest(self, text: str, k: int = 3) -> list[Suggestion]:
        try:
            return self.primary.suggest(text, k)
        except ClassifierUnavailable:
            return self.fallback.suggest(text, k)

    def suggest_many(self, texts: Sequence[str], k: int = 3) -> list[list[Suggestion]]:
        try:
            return self.primary.suggest_many(texts, k)
        except ClassifierUnavailable:
            return self.fallback.suggest_many(texts, k)
