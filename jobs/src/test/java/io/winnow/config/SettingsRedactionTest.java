package io.winnow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest records the resolved config; credentials passed as Spark settings must never reach it. */
class SettingsRedactionTest {
  @TempDir Path tmp;

  @Test
  void s3aAndOtherSecretsInSparkExtraAreRedactedInTheManifestJson() throws Exception {
    Path conf = tmp.resolve("cluster.conf");
    Files.writeString(conf, """
        winnow.spark.extra {
          "spark.hadoop.fs.s3a.access.key" = "AKIAEXAMPLEKEY"
          "spark.hadoop.fs.s3a.secret.key" = "s3-secret-value"
          "spark.hadoop.fs.s3a.session.token" = "session-token-value"
          "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net" = "azure-account-key"
          "spark.hadoop.fs.gs.auth.service.account.private.key" = "gcs-private-key"
          "spark.hadoop.javax.jdo.option.ConnectionPassword" = "metastore-password"
          "spark.hadoop.fs.s3a.endpoint" = "s3.eu-west-1.amazonaws.com"
        }
        """);
    Settings settings = Settings.load(conf, Map.of());
    assertEquals("s3-secret-value", settings.spark().extra().get("spark.hadoop.fs.s3a.secret.key"),
        "Spark still gets the value");
    String json = settings.redactedJson();
    for (String secret : new String[] {"AKIAEXAMPLEKEY", "s3-secret-value", "session-token-value", "azure-account-key",
        "gcs-private-key", "metastore-password"}) {
      assertFalse(json.contains(secret), "manifest config must not hold " + secret + ":\n" + json);
    }
    assertTrue(json.contains("s3.eu-west-1.amazonaws.com"), "non-secret settings stay readable:\n" + json);
    assertTrue(json.contains("\"spark.hadoop.fs.s3a.secret.key\" : \"<redacted>\""), json);
  }
}
