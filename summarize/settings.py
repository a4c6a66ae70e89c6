"""Settings: explicit arguments, then environment, then defaults (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

EMBEDDED_MODEL = "gemma3-270m-q4_k_m"


def default_cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarize"


def config_file() -> Path:
    """The optional TOML config: $SUMMARIZE_CONFIG, else ~/.config/summarize/config.toml."""
    import os

    explicit = os.environ.get("SUMMARIZE_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "summarize" / "config.toml"


class Settings(BaseSettings):
    """Arguments win over environment variables, which win over the config file."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZE_", extra="ignore", populate_by_name=True)

    api_key: str | None = Field(default=None, validation_alias=AliasChoices("SUMMARIZE_API_KEY", "OPENAI_API_KEY"))
    base_url: str | None = Field(default=None, validation_alias=AliasChoices("SUMMARIZE_BASE_URL", "OPENAI_BASE_URL"))
    model: str | None = Field(default=None, validation_alias=AliasChoices("SUMMARIZE_MODEL",))
    backend: str = Field(
        default="auto", description="auto | openai | compatible | embedded. auto: embedded when no key and no URL."
    )
    mode: str = Field(
        default="auto",
        description="Structured output on the wire: auto | json_schema | json_object_schema.",
    )
    max_attempts: int = Field(default=2, ge=1, le=5, description="Attempts per field before it is rejected.")
    engine: str = Field(
        default="auto",
        description="auto | guided | direct. auto: direct (one call per article) on openai and compatible "
        "backends, guided (lettered questions) on the embedded model.",
        pattern="^(auto|guided|direct)$",
    )
    direct_chunk_tokens: int = Field(
        default=3000, ge=200, description="Direct engine: article tokens per request (longer articles are chunked)."
    )
    direct_max_tokens: int = Field(default=4096, ge=256, description="Direct engine: answer tokens per request.")
    direct_prompt_ratio: float = Field(
        default=1.5, gt=0,
        description="Direct engine: a chunk's prompt tokens beyond the fixed prefix of each call, its re-ask "
        "included, stay within this multiple of its article tokens (estimated). Failed facts that do not fit the "
        "re-ask are rejected as 'not re-asked: over the re-ask token budget'.",
    )
    request_timeout: float = Field(
        default=120.0, gt=0,
        description="Wall-clock seconds for one model request (headers and whole body), further capped by what "
        "is left of transport_deadline.",
    )
    transport_tries: int = Field(default=4, ge=1, description="Requests per model call on timeouts, 429 and 5xx.")
    transport_backoff: float = Field(
        default=1.0, gt=0,
        description="First wait before a retry, doubled at each retry (at most 30 s) plus up to as much jitter; "
        "a Retry-After header from the server wins.",
    )
    transport_deadline: float = Field(
        default=300.0, gt=0,
        description="Seconds for all model calls of one article: requests in flight, retries and waits. Worst "
        "case per article: transport_deadline plus local work; the article then fails with ModelDeadlineError "
        "(exit 4). Not applied to the embedded model, which runs in-process.",
    )
    client_max_retries: int = Field(
        default=0, ge=0, description="The openai client's own retries; ours (tenacity) handle transport errors."
    )
    cache_dir: Path = Field(default_factory=default_cache_dir)
    model_path: Path | None = Field(default=None, description="A GGUF file to use instead of the packaged one.")
    n_ctx: int = Field(default=4096, ge=512)
    n_threads: int | None = None
    seed: int = 7

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=config_file())

    def resolved_engine(self) -> str:
        if self.engine != "auto":
            return self.engine
        return "guided" if self.resolved_backend() == "embedded" else "direct"

    def resolved_backend(self) -> str:
        if self.backend != "auto":
            return self.backend
        if self.base_url:
            return "openai" if "api.openai.com" in self.base_url else "compatible"
        if self.api_key:
            return "openai"
        return "embedded"
