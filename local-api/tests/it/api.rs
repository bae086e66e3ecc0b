//! The documented endpoints, over real HTTP: seeds, auth, routes, validation,
//! bad input, state file.

use crate::support::*;
use reqwest::Method;
use serde_json::{json, Value};

use local_api::{lock, Config};

fn agent_path(agent: &str) -> String {
    format!("/api/v1/agents/{agent}")
}

#[tokio::test]
async fn seeds_are_fixed() {
    let api = plain().await;
    let r = api.get(&agent_path(DEMO_AGENT), Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let data = r.json()["data"].clone();
    let keys: Vec<&str> = data
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "label",
            "description",
            "language",
            "current_status",
            "is_sandbox",
            "is_ready_to_publish",
            "created_at",
            "updated_at",
            "trainings",
            "actions",
            "phone_numbers"
        ]
    );
    assert_eq!(data["id"], DEMO_AGENT);
    assert_eq!(data["name"], "Demo Receptionist");
    assert_eq!(data["language"], "en");
    assert_eq!(data["current_status"], "published");
    assert_eq!(data["is_sandbox"], false);
    assert_eq!(data["is_ready_to_publish"], true);
    assert_eq!(data["actions"], json!([]));
    assert_eq!(data["phone_numbers"], json!([]));
    let subjects: Vec<&str> = data["trainings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Product Knowledge",
            "Customer Service Best Practices",
            "Technical Support"
        ]
    );
    assert_eq!(data["trainings"][2]["current_status"], "inactive");
    assert_eq!(data["trainings"][2]["id"], SEEDED_INACTIVE);

    let empty = api.get(&agent_path(EMPTY_AGENT), Some(DEMO_TOKEN)).await;
    assert_eq!(empty.json()["data"]["name"], "Empty Agent");
    assert_eq!(empty.json()["data"]["trainings"], json!([]));
    assert_eq!(empty.json()["data"]["is_ready_to_publish"], false);

    let other = api.get(&agent_path(OTHER_AGENT), Some(OTHER_TOKEN)).await;
    assert_eq!(other.status, 200);
    assert_eq!(other.json()["data"]["name"], "Other Agent");
    assert_eq!(other.json()["data"]["trainings"], json!([]));
}

#[tokio::test]
async fn list_shows_documented_fields_only_oldest_first() {
    let api = plain().await;
    let list = api.list(DEMO_AGENT).await;
    assert_eq!(list.len(), 3);
    for t in &list {
        let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "id",
                "subject",
                "instructions",
                "current_status",
                "created_at",
                "updated_at"
            ]
        );
    }
    assert_eq!(list[0]["id"], SEEDED_FIRST);
    assert_eq!(list[0]["created_at"], "2024-01-15T10:30:00Z");
    let r = api
        .post(
            &trainings(DEMO_AGENT),
            Some(DEMO_TOKEN),
            json!({"subject": "Fourth", "instructions": "i"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let list = api.list(DEMO_AGENT).await;
    assert_eq!(list.len(), 4);
    assert_eq!(list[3]["subject"], "Fourth");
    assert_eq!(api.list(EMPTY_AGENT).await, Vec::<Value>::new());
}

/// Every route of the API, with a sample body.
fn routes() -> Vec<(Method, String, Option<Value>, &'static str)> {
    let body = json!({"subject": "s", "instructions": "i"});
    vec![
        (
            Method::GET,
            agent_path(DEMO_AGENT),
            None,
            "You are not authorized to view this agent.",
        ),
        (
            Method::GET,
            trainings(DEMO_AGENT),
            None,
            "You are not authorized to view this agent.",
        ),
        (
            Method::POST,
            trainings(DEMO_AGENT),
            Some(body),
            "You are not authorized to create training for this agent.",
        ),
        (
            Method::DELETE,
            format!("{}/{SEEDED_FIRST}", trainings(DEMO_AGENT)),
            None,
            "You are not authorized to delete training for this agent.",
        ),
        (
            Method::POST,
            format!("{}/publish", agent_path(DEMO_AGENT)),
            None,
            "You are not authorized to publish this agent.",
        ),
        (
            Method::POST,
            format!("{}/unpublish", agent_path(DEMO_AGENT)),
            None,
            "You are not authorized to unpublish this agent.",
        ),
    ]
}

#[tokio::test]
async fn unauthenticated_is_401_on_every_route() {
    let api = plain().await;
    let lowercase = format!("bearer {DEMO_TOKEN}");
    let bad: [Option<&str>; 6] = [
        None,
        Some("Basic x"),
        Some("Bearer"),
        Some("Bearer "),
        Some(&lowercase),
        Some("Bearer talq_unknown"),
    ];
    for (method, path, body, _) in routes() {
        for header in bad {
            let headers: Vec<(&str, &str)> =
                header.map(|h| ("Authorization", h)).into_iter().collect();
            let r = api
                .send(method.clone(), &path, None, body.clone(), &headers)
                .await;
            assert_eq!(r.status, 401, "{method} {path} with {header:?}: {}", r.text);
            assert_eq!(
                r.json(),
                json!({"success": false, "message": "Unauthenticated."})
            );
        }
        // 401 comes before the agent lookup.
        let unknown = path.replace(DEMO_AGENT, "00000000-0000-4000-8000-000000000000");
        let r = api
            .send(method.clone(), &unknown, None, body.clone(), &[])
            .await;
        assert_eq!(r.status, 401);
    }
    // Nothing changed.
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}

#[tokio::test]
async fn another_accounts_agent_is_403_with_the_verb() {
    let api = plain().await;
    for (method, path, body, sentence) in routes() {
        let r = api
            .send(method.clone(), &path, Some(OTHER_TOKEN), body, &[])
            .await;
        assert_eq!(r.status, 403, "{method} {path}");
        assert_eq!(r.json(), json!({"success": false, "message": sentence}));
    }
    let r = api.get(&agent_path(OTHER_AGENT), Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 403);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");
}

#[tokio::test]
async fn unknown_agent_is_404_before_403() {
    let api = plain().await;
    for (method, path, body, _) in routes() {
        let unknown = path.replace(DEMO_AGENT, "00000000-0000-4000-8000-000000000000");
        for token in [DEMO_TOKEN, OTHER_TOKEN] {
            let r = api
                .send(method.clone(), &unknown, Some(token), body.clone(), &[])
                .await;
            assert_eq!(r.status, 404, "{method} {unknown}");
            assert_eq!(
                r.json(),
                json!({"success": false, "message": "Agent not found"})
            );
        }
    }
}

#[tokio::test]
async fn create_answers_the_documented_body() {
    let api = plain().await;
    let before = local_api::store::now();
    let r = api
        .post(
            &trainings(EMPTY_AGENT),
            Some(DEMO_TOKEN),
            json!({"node_id": "n-1", "subject": "  Product Knowledge ", "instructions": "Learn.", "priority": 3}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let body = r.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["success", "message", "data"]);
    assert_eq!(body["success"], true);
    assert_eq!(body["message"], "Agent training updated successfully");
    let data = &body["data"];
    let keys: Vec<&str> = data
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "subject",
            "instructions",
            "current_status",
            "created_at",
            "updated_at"
        ]
    );
    assert_eq!(data["subject"], "Product Knowledge");
    assert_eq!(data["current_status"], "active");
    let id = uuid::Uuid::parse_str(data["id"].as_str().unwrap()).unwrap();
    assert_eq!(id.get_version_num(), 4);
    let at = data["created_at"].as_str().unwrap();
    assert_timestamp(at);
    // It is now (the form sorts as text, so bounds are simple).
    assert!(
        before.as_str() <= at && at <= local_api::store::now().as_str(),
        "{before} {at}"
    );
    assert_eq!(data["updated_at"], data["created_at"]);
    // No node_id, anywhere in the answer.
    assert!(!r.text.contains("node_id"), "{}", r.text);
    assert!(!r.text.contains("n-1"), "{}", r.text);
    // A second create gets another fresh id.
    let again = api
        .post(
            &trainings(EMPTY_AGENT),
            Some(DEMO_TOKEN),
            json!({"subject": "Other", "instructions": "i"}),
        )
        .await;
    assert_ne!(again.json()["data"]["id"], data["id"]);
    assert_eq!(api.list(EMPTY_AGENT).await.len(), 2);
}

#[tokio::test]
async fn update_keeps_id_and_created_at_and_moves_updated_at() {
    let api = plain().await;
    let path = trainings(EMPTY_AGENT);
    let first = api
        .post(
            &path,
            Some(DEMO_TOKEN),
            json!({"node_id": "node-7", "subject": "One", "instructions": "i"}),
        )
        .await
        .json()["data"]
        .clone();
    // Timestamps have whole seconds: wait for the next one.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = api
        .post(
            &path,
            Some(DEMO_TOKEN),
            json!({"node_id": "node-7", "subject": "Two", "instructions": "j", "current_status": "inactive"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["message"], "Agent training updated successfully");
    let second = r.json()["data"].clone();
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["created_at"], first["created_at"]);
    assert_timestamp(second["updated_at"].as_str().unwrap());
    assert!(
        second["updated_at"].as_str().unwrap() > first["updated_at"].as_str().unwrap(),
        "{first} then {second}"
    );
    assert_eq!(second["subject"], "Two");
    assert_eq!(second["instructions"], "j");
    assert_eq!(second["current_status"], "inactive");
    assert_eq!(api.list(EMPTY_AGENT).await, vec![second]);
}

#[tokio::test]
async fn same_node_id_updates_in_place() {
    let api = plain().await;
    let path = trainings(DEMO_AGENT);
    // The seeded "Product Knowledge" has node id training-node-123.
    let r = api
        .post(
            &path,
            Some(DEMO_TOKEN),
            json!({"node_id": " training-node-123 ", "subject": "PK v2", "instructions": "New.", "current_status": "inactive"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let data = r.json()["data"].clone();
    assert_eq!(data["id"], SEEDED_FIRST);
    assert_eq!(data["created_at"], "2024-01-15T10:30:00Z");
    assert_ne!(data["updated_at"], "2024-01-15T12:00:00Z");
    assert_eq!(data["subject"], "PK v2");
    assert_eq!(data["current_status"], "inactive");
    let list = api.list(DEMO_AGENT).await;
    assert_eq!(list.len(), 3);
    assert_eq!(list[0], data);

    // A new node id creates; posting it again updates that one.
    let a = api
        .post(
            &path,
            Some(DEMO_TOKEN),
            json!({"node_id": "faq", "subject": "A", "instructions": "i"}),
        )
        .await
        .json()["data"]
        .clone();
    let b = api
        .post(
            &path,
            Some(DEMO_TOKEN),
            json!({"node_id": "faq", "subject": "B", "instructions": "i"}),
        )
        .await
        .json()["data"]
        .clone();
    assert_eq!(a["id"], b["id"]);
    assert_eq!(b["subject"], "B");
    // Without a node id (or an empty one), every post creates.
    for body in [
        json!({"subject": "C", "instructions": "i"}),
        json!({"subject": "C", "instructions": "i"}),
        json!({"node_id": "  ", "subject": "C", "instructions": "i"}),
    ] {
        assert_eq!(api.post(&path, Some(DEMO_TOKEN), body).await.status, 200);
    }
    assert_eq!(api.list(DEMO_AGENT).await.len(), 7);
}

#[tokio::test]
async fn node_ids_are_per_agent() {
    let api = plain().await;
    let r = api
        .post(
            &trainings(EMPTY_AGENT),
            Some(DEMO_TOKEN),
            json!({"node_id": "training-node-123", "subject": "Mine", "instructions": "i"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_ne!(r.json()["data"]["id"], SEEDED_FIRST);
    assert_eq!(api.list(EMPTY_AGENT).await.len(), 1);
    let demo = api.list(DEMO_AGENT).await;
    assert_eq!(demo.len(), 3);
    assert_eq!(demo[0]["subject"], "Product Knowledge");
}

#[tokio::test]
async fn delete_removes_once_then_404() {
    let api = plain().await;
    let path = format!("{}/{SEEDED_INACTIVE}", trainings(DEMO_AGENT));
    let r = api.delete(&path, Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"success": true, "message": "Agent training deleted successfully"})
    );
    assert_eq!(api.list(DEMO_AGENT).await.len(), 2);
    let r = api.delete(&path, Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        json!({"success": false, "message": "Training not found"})
    );
    // A training of another agent is not found under this one.
    let r = api
        .delete(
            &format!("{}/{SEEDED_FIRST}", trainings(EMPTY_AGENT)),
            Some(DEMO_TOKEN),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 2);
}

#[tokio::test]
async fn any_change_sets_draft_and_publish_cycle() {
    let api = plain().await;
    let publish = format!("{}/publish", agent_path(DEMO_AGENT));
    let unpublish = format!("{}/unpublish", agent_path(DEMO_AGENT));
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");

    // Create.
    let r = api
        .post(
            &trainings(DEMO_AGENT),
            Some(DEMO_TOKEN),
            json!({"node_id": "x", "subject": "s", "instructions": "i"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "draft");

    let r = api
        .send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["message"], "Agent published successfully");
    let keys: Vec<&str> = body["data"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "current_status",
            "is_ready_to_publish",
            "updated_at"
        ]
    );
    assert_eq!(body["data"]["current_status"], "published");
    assert_eq!(body["data"]["is_ready_to_publish"], true);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");

    // Update.
    api.post(
        &trainings(DEMO_AGENT),
        Some(DEMO_TOKEN),
        json!({"node_id": "x", "subject": "s2", "instructions": "i"}),
    )
    .await;
    assert_eq!(api.agent_status(DEMO_AGENT).await, "draft");
    api.send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
        .await;

    // Delete.
    let r = api
        .delete(
            &format!("{}/{SEEDED_INACTIVE}", trainings(DEMO_AGENT)),
            Some(DEMO_TOKEN),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "draft");

    // A refused change leaves the status alone.
    api.send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
        .await;
    api.post(&trainings(DEMO_AGENT), Some(DEMO_TOKEN), json!({}))
        .await;
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");

    let r = api
        .send(Method::POST, &unpublish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["message"], "Agent unpublished successfully");
    assert_eq!(r.json()["data"]["current_status"], "draft");
    assert_eq!(api.agent_status(DEMO_AGENT).await, "draft");
}

#[tokio::test]
async fn publish_needs_an_active_training() {
    let api = plain().await;
    let publish = format!("{}/publish", agent_path(EMPTY_AGENT));
    let not_ready = json!({"success": false, "message": "Agent is not ready to publish: add at least one active training."});
    let r = api
        .send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json(), not_ready);
    api.post(
        &trainings(EMPTY_AGENT),
        Some(DEMO_TOKEN),
        json!({"subject": "s", "instructions": "i", "current_status": "inactive"}),
    )
    .await;
    let r = api
        .send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(api.agent_status(EMPTY_AGENT).await, "draft");
    api.post(
        &trainings(EMPTY_AGENT),
        Some(DEMO_TOKEN),
        json!({"subject": "s", "instructions": "i"}),
    )
    .await;
    let r = api
        .send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(api.agent_status(EMPTY_AGENT).await, "published");
}

#[tokio::test]
async fn validation_errors_are_laravels() {
    let api = plain().await;
    let r = api
        .post(
            &trainings(DEMO_AGENT),
            Some(DEMO_TOKEN),
            json!({"current_status": "x", "instructions": " ", "node_id": 1}),
        )
        .await;
    assert_eq!(r.status, 422);
    let body = r.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["success", "message", "errors"]);
    assert_eq!(body["success"], false);
    assert_eq!(
        body["message"],
        "The node id field must be a string. (and 3 more errors)"
    );
    let keys: Vec<&str> = body["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["node_id", "subject", "instructions", "current_status"]
    );
    let r = api
        .post(
            &trainings(DEMO_AGENT),
            Some(DEMO_TOKEN),
            json!({"subject": "s", "instructions": "i", "current_status": "paused"}),
        )
        .await;
    assert_eq!(
        r.json()["message"],
        "The selected current status is invalid."
    );
    let r = api
        .post(
            &trainings(DEMO_AGENT),
            Some(DEMO_TOKEN),
            json!({"instructions": "i"}),
        )
        .await;
    assert_eq!(r.json()["message"], "The subject field is required.");
    let r = api
        .post(&trainings(DEMO_AGENT), Some(DEMO_TOKEN), json!({}))
        .await;
    assert_eq!(
        r.json()["message"],
        "The subject field is required. (and 1 more error)"
    );
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}

/// Laravel 10+'s summary of a 422.
fn summary(errors: &serde_json::Map<String, Value>) -> String {
    let all: Vec<&str> = errors
        .values()
        .flat_map(|v| v.as_array().unwrap())
        .map(|m| m.as_str().unwrap())
        .collect();
    match all.len() {
        1 => all[0].to_string(),
        2 => format!("{} (and 1 more error)", all[0]),
        n => format!("{} (and {} more errors)", all[0], n - 1),
    }
}

#[tokio::test]
async fn server_agrees_with_every_shared_vector() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/validation.json"
    );
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 20, "only {} vectors", vectors.len());
    let api = plain().await;
    let mut server_only = 0;
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        if v["server_only"] == true {
            server_only += 1;
        }
        let r = api
            .post(
                &trainings(EMPTY_AGENT),
                Some(DEMO_TOKEN),
                v["input"].clone(),
            )
            .await;
        let expected = v["errors"].as_object().unwrap();
        if expected.is_empty() {
            assert_eq!(r.status, 200, "{name}: {}", r.text);
            let data = r.json()["data"].clone();
            let normalized = &v["normalized"];
            for field in ["subject", "instructions", "current_status"] {
                assert_eq!(data[field], normalized[field], "{name}: {field}");
            }
            // node_id is not in the answer: read what the server stored.
            let stored = lock(&api.state.store)
                .agents
                .iter()
                .find(|a| a.id == EMPTY_AGENT)
                .and_then(|a| a.trainings.iter().find(|t| t.id == data["id"]).cloned())
                .unwrap_or_else(|| panic!("{name}: not stored"));
            assert_eq!(
                stored.node_id.map(Value::String).unwrap_or(Value::Null),
                normalized["node_id"],
                "{name}: node_id"
            );
        } else {
            assert_eq!(r.status, 422, "{name}: {}", r.text);
            let body = r.json();
            let errors = body["errors"].as_object().unwrap();
            assert_eq!(errors, expected, "{name}");
            assert_eq!(
                errors.keys().collect::<Vec<_>>(),
                expected.keys().collect::<Vec<_>>(),
                "{name}: key order"
            );
            assert_eq!(body["message"], summary(expected), "{name}: message");
        }
    }
    assert!(server_only > 0, "no server_only vector ran");
}

#[tokio::test]
async fn bodies_are_read_as_laravel_reads_them() {
    let api = plain().await;
    let required = json!({
        "subject": ["The subject field is required."],
        "instructions": ["The instructions field is required."]
    });
    let auth = format!("Bearer {DEMO_TOKEN}");
    for (content_type, body) in [
        ("application/json", "{\"subject\": \"s\", "),
        (
            "application/json",
            "[{\"subject\":\"s\",\"instructions\":\"i\"}]",
        ),
        ("application/json", "\"subject\""),
        ("application/json", ""),
        ("text/plain", "{\"subject\":\"s\",\"instructions\":\"i\"}"),
        ("multipart/form-data; boundary=x", "--x--"),
    ] {
        let r = api
            .client
            .post(api.url(&trainings(DEMO_AGENT)))
            .header("Authorization", &auth)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{content_type} {body}");
        let j: Value = r.json().await.unwrap();
        assert_eq!(j["errors"], required, "{content_type} {body}");
    }
    // Form fields are read (and trimmed) as fields.
    let r = api
        .client
        .post(api.url(&trainings(DEMO_AGENT)))
        .header("Authorization", &auth)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("subject=+Form+subject+&instructions=i%26j&current_status=inactive")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let j: Value = r.json().await.unwrap();
    assert_eq!(j["data"]["subject"], "Form subject");
    assert_eq!(j["data"]["instructions"], "i&j");
    assert_eq!(j["data"]["current_status"], "inactive");
    // The server is still fine.
    assert_eq!(api.list(DEMO_AGENT).await.len(), 4);
}

#[tokio::test]
async fn bodies_over_one_mib_are_413() {
    let api = plain().await;
    let auth = format!("Bearer {DEMO_TOKEN}");
    let big = format!(
        "{{\"subject\":\"s\",\"instructions\":\"{}\"}}",
        "a".repeat(1024 * 1024)
    );
    let r = api
        .client
        .post(api.url(&trainings(DEMO_AGENT)))
        .header("Authorization", &auth)
        .header("Content-Type", "application/json")
        .header("Origin", "http://localhost:8080")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://localhost:8080"
    );
    let j: Value = r.json().await.unwrap();
    assert_eq!(
        j,
        json!({"success": false, "message": "The request entity is too large."})
    );
    // Just under the limit is read.
    let fill = 1024 * 1024 - "{\"subject\":\"s\",\"instructions\":\"\"}".len();
    let fits = format!(
        "{{\"subject\":\"s\",\"instructions\":\"{}\"}}",
        "a".repeat(fill)
    );
    assert_eq!(fits.len(), 1024 * 1024);
    let r = api
        .client
        .post(api.url(&trainings(DEMO_AGENT)))
        .header("Authorization", &auth)
        .header("Content-Type", "application/json")
        .body(fits)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 4);
}

#[tokio::test]
async fn a_body_cut_short_is_not_a_crash() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let api = plain().await;
    let mut stream = tokio::net::TcpStream::connect(api.addr).await.unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"subject\":",
        trainings(DEMO_AGENT)
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    let answer = String::from_utf8_lossy(&out);
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let api = plain().await;
    for path in [
        "/",
        "/api/v1/agents",
        "/api/v2/agents/x/trainings",
        "/__test/requests",
        "/__test/fault",
    ] {
        let r = api.get(path, Some(DEMO_TOKEN)).await;
        assert_eq!(r.status, 404, "{path}");
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        assert_eq!(
            r.json(),
            json!({"message": format!("The route {} could not be found.", &path[1..])})
        );
    }
    let r = api
        .send(
            Method::PUT,
            &trainings(DEMO_AGENT),
            Some(DEMO_TOKEN),
            Some(json!({})),
            &[],
        )
        .await;
    assert_eq!(r.status, 405);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(
        r.json(),
        json!({"message": format!("The PUT method is not supported for route api/v1/agents/{DEMO_AGENT}/trainings.")})
    );
    let r = api.delete(&agent_path(DEMO_AGENT), Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 405);
    assert_eq!(
        r.json(),
        json!({"message": format!("The DELETE method is not supported for route api/v1/agents/{DEMO_AGENT}.")})
    );
    // Without a token too: the route is checked before authentication.
    let r = api
        .send(Method::PUT, &agent_path(DEMO_AGENT), None, None, &[])
        .await;
    assert_eq!(r.status, 405);
    let r = api
        .send(
            Method::GET,
            &format!("{}/publish", agent_path(DEMO_AGENT)),
            Some(DEMO_TOKEN),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 405);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");
}

#[tokio::test]
async fn percent_encoded_ids_reach_no_other_route() {
    let api = plain().await;
    let auth = format!("Authorization: Bearer {DEMO_TOKEN}");
    let not_found = json!({"success": false, "message": "Agent not found"});
    for (method, path) in [
        ("POST", "/api/v1/agents/a%2Fb/trainings".to_string()),
        ("GET", "/api/v1/agents/%2E%2E/trainings".to_string()),
        ("GET", "/api/v1/agents/%2e%2e".to_string()),
        ("GET", format!("/api/v1/agents/{DEMO_AGENT}%2Ftrainings")),
        ("GET", format!("/api/v1/agents/..%2F{DEMO_AGENT}")),
    ] {
        let answer = api
            .raw(&raw_request(
                method,
                &path,
                &[&auth, "Content-Type: application/json"],
                if method == "POST" {
                    "{\"subject\":\"s\",\"instructions\":\"i\"}"
                } else {
                    ""
                },
            ))
            .await;
        assert_eq!(raw_status(&answer), 404, "{method} {path}: {answer}");
        assert_eq!(raw_json(&answer), not_found, "{method} {path}");
    }
    // `{agent}%2Fpublish` is the agent route with an odd id: it only knows GET.
    let answer = api
        .raw(&raw_request(
            "POST",
            &format!("/api/v1/agents/{DEMO_AGENT}%2Fpublish"),
            &[&auth],
            "",
        ))
        .await;
    assert_eq!(raw_status(&answer), 405, "{answer}");
    let answer = api
        .raw(&raw_request(
            "GET",
            &format!("/api/v1/agents/{DEMO_AGENT}%2Fpublish"),
            &[&auth],
            "",
        ))
        .await;
    assert_eq!(raw_json(&answer), not_found);
    // A training id with an encoded slash is just an unknown training.
    let answer = api
        .raw(&raw_request(
            "DELETE",
            &format!(
                "/api/v1/agents/{DEMO_AGENT}/trainings/{SEEDED_FIRST}%2F..%2F{SEEDED_INACTIVE}"
            ),
            &[&auth],
            "",
        ))
        .await;
    assert_eq!(raw_status(&answer), 404);
    assert_eq!(
        raw_json(&answer),
        json!({"success": false, "message": "Training not found"})
    );
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");
}

/// `a%2Fb`, `%2E%2E` and `x%3Fy` as agent ids, on every route: always the
/// agent route with an unknown id (404), and the request log keeps the path
/// byte for byte as sent. Raw TCP, since an HTTP client would normalise
/// `%2E%2E` to `..`.
#[tokio::test]
async fn encoded_ids_are_unknown_agents_and_logged_raw() {
    let api = with_faults().await;
    let auth = format!("Authorization: Bearer {DEMO_TOKEN}");
    let not_found = json!({"success": false, "message": "Agent not found"});
    let mut sent = Vec::new();
    for id in ["a%2Fb", "%2E%2E", "x%3Fy", "%2e%2E", "%2F"] {
        for (method, path) in every_route(id, SEEDED_FIRST) {
            let body = if method == "POST" {
                "{\"subject\":\"s\",\"instructions\":\"i\"}"
            } else {
                ""
            };
            let answer = api
                .raw(&raw_request(
                    method,
                    &path,
                    &[&auth, "Content-Type: application/json"],
                    body,
                ))
                .await;
            assert_eq!(raw_status(&answer), 404, "{method} {path}: {answer}");
            assert_eq!(raw_json(&answer), not_found, "{method} {path}");
            sent.push((method, path));
        }
    }
    let rec = api.recorded().await;
    let got: Vec<(&str, &str)> = rec
        .iter()
        .map(|r| (r["method"].as_str().unwrap(), r["path"].as_str().unwrap()))
        .collect();
    let want: Vec<(&str, &str)> = sent.iter().map(|(m, p)| (*m, p.as_str())).collect();
    assert_eq!(got, want);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");
}

/// An id whose percent-encoding is not UTF-8 names nothing: the usual JSON
/// 401, then 404, never a plain-text 400.
#[tokio::test]
async fn ids_that_are_not_utf8_are_not_found_in_json() {
    let api = plain().await;
    let auth = format!("Authorization: Bearer {DEMO_TOKEN}");
    let agent_404 = json!({"success": false, "message": "Agent not found"});
    let training_404 = json!({"success": false, "message": "Training not found"});
    let routes = every_route("%FF", "%FF")
        .into_iter()
        .map(|(method, path)| (method, path, &agent_404))
        .chain([
            (
                "GET",
                "/api/v1/agents/%C3%28/trainings".to_string(),
                &agent_404,
            ),
            (
                "DELETE",
                format!("/api/v1/agents/{DEMO_AGENT}/trainings/%FF"),
                &training_404,
            ),
        ]);
    for (method, path, expected) in routes {
        let answer = api.raw(&raw_request(method, &path, &[], "")).await;
        assert_eq!(raw_status(&answer), 401, "{method} {path}: {answer}");
        assert_eq!(
            raw_json(&answer),
            json!({"success": false, "message": "Unauthenticated."})
        );
        let answer = api.raw(&raw_request(method, &path, &[&auth], "")).await;
        assert_eq!(raw_status(&answer), 404, "{method} {path}: {answer}");
        assert_eq!(&raw_json(&answer), expected, "{method} {path}");
    }
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}

fn temp_file(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("local-api-{name}-{}.json", uuid::Uuid::new_v4()))
}

#[tokio::test]
async fn state_file_round_trip() {
    let file = temp_file("state");
    let config = Config {
        state_file: Some(file.clone()),
        ..Config::default()
    };
    let api = start(config.clone()).await;
    assert!(!file.exists(), "nothing is written before a change");
    let created = api
        .post(
            &trainings(EMPTY_AGENT),
            Some(DEMO_TOKEN),
            json!({"node_id": "kept", "subject": "Kept", "instructions": "i"}),
        )
        .await
        .json()["data"]
        .clone();
    api.delete(
        &format!("{}/{SEEDED_INACTIVE}", trainings(DEMO_AGENT)),
        Some(DEMO_TOKEN),
    )
    .await;
    assert!(file.exists());
    drop(api);

    let api = start(config.clone()).await;
    let list = api.list(EMPTY_AGENT).await;
    assert_eq!(list, vec![created.clone()]);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 2);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "draft");
    // The node id survived too: posting it again updates.
    let again = api
        .post(
            &trainings(EMPTY_AGENT),
            Some(DEMO_TOKEN),
            json!({"node_id": "kept", "subject": "Kept 2", "instructions": "i"}),
        )
        .await
        .json()["data"]
        .clone();
    assert_eq!(again["id"], created["id"]);
    drop(api);

    // What the file holds, given to a server as its store.
    let loaded = local_api::store::Store::load(&file)
        .unwrap()
        .expect("the state file exists");
    let api = start(Config {
        store: Some(loaded),
        ..Config::default()
    })
    .await;
    let list = api.list(EMPTY_AGENT).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], created["id"]);
    assert_eq!(list[0]["subject"], "Kept 2");
    drop(api);

    // A file that is not a state file is refused, not overwritten.
    std::fs::write(&file, "not json").unwrap();
    assert!(local_api::bind(config).await.is_err());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not json");
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn a_panic_is_a_500_and_the_server_goes_on() {
    let api = with_faults().await;
    let r = api
        .send(
            Method::GET,
            "/__test/panic",
            None,
            None,
            &[("Origin", "http://127.0.0.1:9")],
        )
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json(),
        json!({"success": false, "message": "Internal server error."})
    );
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://127.0.0.1:9")
    );
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}
