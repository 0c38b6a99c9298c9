// Starts Amazon's DynamoDB Local bound to one address (127.0.0.1 for `presence up`) instead of every interface.
//
// DynamoDBLocal.jar has no option for the address it listens on (`java -jar DynamoDBLocal.jar -help` lists -port,
// -inMemory, -dbPath, -sharedDb, -cors, -delayTransientStatuses, -optimizeDbBeforeStartup, -disableTelemetry):
// its ServerRunner hands the port to Jetty's `new Server(port)`, which listens on all interfaces. This launcher
// builds the same request handler that ServerRunner builds (the jar's public classes) and mounts it on a Jetty
// server whose one connector listens on the given host. Run as a single source file (`java -cp DynamoDBLocal.jar
// DynamoDbLocalOnLoopback.java ...`, Java 11+ compiles it in memory), so nothing is built or shipped as a binary.
// Telemetry is never configured here, so this DynamoDB Local sends none.
//
// Arguments: -host <address> -port <port> (-inMemory | -dbPath <dir>) [-sharedDb]
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

public class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    String host = null;
    int port = -1;
    String dbPath = null;
    boolean inMemory = false;
    boolean sharedDb = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-host" -> host = args[++i];
        case "-port" -> port = Integer.parseInt(args[++i]);
        case "-dbPath" -> dbPath = args[++i];
        case "-inMemory" -> inMemory = true;
        case "-sharedDb" -> sharedDb = true;
        default -> fail("unknown argument " + args[i]);
      }
    }
    if (host == null || port < 0 || inMemory == (dbPath != null)) fail("usage: -host <address> -port <port> (-inMemory | -dbPath <dir>) [-sharedDb]");

    // what ServerRunner.createServer builds: the request handler (no transient-status delays) behind the server
    // handler, without a CORS allow-list (browsers get no Access-Control-Allow-Origin)
    LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, inMemory, dbPath, sharedDb, false);
    LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null);

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ContextHandler context = new ContextHandler();
    context.setHandler(handler);
    server.setHandler(new ContextHandlerCollection(context));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop();
      } catch (Exception ignored) {
        // stopping anyway
      }
      handler.close();
    }));
    try {
      server.start();
    } catch (Exception e) {
      fail("could not listen on " + host + ":" + port + ": " + e.getMessage());
    }
    System.out.println("DynamoDB Local listening on " + host + ":" + connector.getLocalPort());
    server.join();
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(1);
  }
}
